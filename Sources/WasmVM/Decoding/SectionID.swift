/// The id of a non-custom section, with the place it must take in a module.
enum SectionID: UInt8, CaseIterable {
    case type = 1
    case `import` = 2
    case function = 3
    case table = 4
    case memory = 5
    case global = 6
    case export = 7
    case start = 8
    case element = 9
    case code = 10
    case data = 11
    case dataCount = 12

    /// Rank in the required section order. Each non-custom section may appear at most once, in increasing rank;
    /// the data count section (added in 2.0 with id 12) sits between the element and code sections so that
    /// code can be validated in one pass knowing how many data segments exist.
    var order: Int {
        switch self {
        case .dataCount: 10
        case .code: 11
        case .data: 12
        default: Int(rawValue)
        }
    }
}
