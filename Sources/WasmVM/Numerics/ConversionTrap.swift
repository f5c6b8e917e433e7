/// Why a trapping float-to-integer truncation (`i32.trunc_f32_s` and friends) failed.
///
/// The spec distinguishes the two in its test suite's expected messages, so the interpreter must too; a typed
/// error keeps the throwing path allocation-free (no existential box).
enum ConversionTrap: Error, Sendable, Equatable {
    /// The operand was finite (or infinite) but its truncation does not fit the integer type.
    case overflow
    /// The operand was NaN.
    case invalid

    /// The trap reason the interpreter reports.
    var reason: Trap.Reason {
        switch self {
        case .overflow: .integerOverflow
        case .invalid: .invalidConversionToInteger
        }
    }
}
