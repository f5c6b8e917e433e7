/// The JSON form of a `.wast` script as `wast2json` writes it.
///
/// Every field is optional and every command keeps its raw `type` string: the decoder must accept whatever
/// shape a command has, so that a command the runner does not understand becomes one counted *failure* with a
/// useful message instead of a decoding error that would abort the whole file.
struct WastScript: Decodable {
    var sourceFilename: String?
    var commands: [WastCommand]

    enum CodingKeys: String, CodingKey {
        case sourceFilename = "source_filename"
        case commands
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sourceFilename = try? container.decodeIfPresent(String.self, forKey: .sourceFilename)
        commands = try container.decodeIfPresent([WastCommand].self, forKey: .commands) ?? []
    }
}

/// One command of a script (`module`, `register`, `assert_return`, ...).
struct WastCommand: Decodable {
    var type: String
    var line: Int
    /// `$name` of a `module` command, or of the module a `register` command registers.
    var name: String?
    /// The module binary (or text, see `moduleType`) written next to the JSON file.
    var filename: String?
    /// `"binary"` or `"text"` for assert_malformed / assert_invalid / assert_unlinkable / assert_uninstantiable.
    var moduleType: String?
    /// The expected failure message of an assertion.
    var text: String?
    /// The name a `register` command makes the module's exports importable under.
    var registerAs: String?
    var action: WastAction?
    var expected: [WastValue]?

    enum CodingKeys: String, CodingKey {
        case type, line, name, filename, text, action, expected
        case moduleType = "module_type"
        case registerAs = "as"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = (try? c.decodeIfPresent(String.self, forKey: .type)) ?? "<missing type>"
        line = (try? c.decodeIfPresent(Int.self, forKey: .line)) ?? 0
        name = try? c.decodeIfPresent(String.self, forKey: .name)
        filename = try? c.decodeIfPresent(String.self, forKey: .filename)
        moduleType = try? c.decodeIfPresent(String.self, forKey: .moduleType)
        text = try? c.decodeIfPresent(String.self, forKey: .text)
        registerAs = try? c.decodeIfPresent(String.self, forKey: .registerAs)
        action = try? c.decodeIfPresent(WastAction.self, forKey: .action)
        expected = try? c.decodeIfPresent([WastValue].self, forKey: .expected)
    }
}

/// An `invoke` of an exported function or a `get` of an exported global.
struct WastAction: Decodable {
    var type: String
    /// `$name` of the module to act on; the most recent module if absent.
    var module: String?
    var field: String
    var args: [WastValue]

    enum CodingKeys: String, CodingKey { case type, module, field, args }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = (try? c.decodeIfPresent(String.self, forKey: .type)) ?? "<missing type>"
        module = try? c.decodeIfPresent(String.self, forKey: .module)
        field = try c.decode(String.self, forKey: .field)
        args = try c.decodeIfPresent([WastValue].self, forKey: .args) ?? []
    }
}

/// A typed value in a script: an argument, or an expected result (which may be a NaN pattern or, for
/// references, just "some non-null reference").
struct WastValue: Decodable, CustomStringConvertible {
    /// `i32`, `i64`, `f32`, `f64`, `v128`, `funcref`, `externref` (or, for expectations, `either`).
    var type: String
    /// The scalar value as `wast2json` prints it: an unsigned decimal (bit pattern for floats), `nan:canonical`,
    /// `nan:arithmetic` or `null`; nil when absent (`(ref.func)` / `(ref.extern)` expectations).
    var value: String?
    /// The per-lane values of a `v128`.
    var lanes: [String]?
    /// The lane interpretation of a `v128` (`i8`, `i16`, `i32`, `i64`, `f32`, `f64`).
    var laneType: String?
    /// The alternatives of an `either` expectation.
    var alternatives: [WastValue]?

    enum CodingKeys: String, CodingKey {
        case type, value, values
        case laneType = "lane_type"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = (try? c.decodeIfPresent(String.self, forKey: .type)) ?? "<missing type>"
        laneType = try? c.decodeIfPresent(String.self, forKey: .laneType)
        if let scalar = try? c.decodeIfPresent(String.self, forKey: .value) {
            value = scalar
        } else if let list = try? c.decodeIfPresent([String].self, forKey: .value) {
            lanes = list
        }
        alternatives = try? c.decodeIfPresent([WastValue].self, forKey: .values)
    }

    var description: String {
        if let alternatives { return "either(" + alternatives.map(\.description).joined(separator: " | ") + ")" }
        if let lanes { return "\(type).\(laneType ?? "?")[\(lanes.joined(separator: " "))]" }
        return "\(type):\(value ?? "<any non-null>")"
    }
}
