/// Checks constant expressions: global initialisers, segment offsets and element initialisers.
///
/// In WebAssembly 2.0 a constant expression is a sequence of `*.const`, `ref.null`, `ref.func` and `global.get`
/// instructions, where `global.get` may only read an imported immutable global (constant expressions are checked
/// in a context holding only the imported globals). Every allowed instruction pushes exactly one value and pops
/// none, so the expression has type `[t]` exactly when it is one instruction producing `t`; no stack is needed.
struct ConstantExpressionValidator {
    /// Type and mutability of each imported global.
    var importedGlobals: [GlobalType]
    /// Size of the function index space, for `ref.func` index checks.
    var functionCount: Int

    /// Checks that `expression` is constant and has the single result type `expected`.
    func validate(_ expression: ConstantExpression, expecting expected: OperandType) throws(ValidationError) {
        var resultType = OperandType.unknown
        for instruction in expression.instructions {
            resultType = try type(of: instruction)
        }
        guard expression.instructions.count == 1, resultType == expected else {
            throw ValidationError("type mismatch")
        }
    }

    /// The type an instruction pushes, if it is allowed in a constant expression.
    private func type(of instruction: Instruction) throws(ValidationError) -> OperandType {
        switch instruction {
        case .i32Const: return .i32
        case .i64Const: return .i64
        case .f32Const: return .f32
        case .f64Const: return .f64
        case .v128Const: return .v128
        case .refNull(let type): return OperandType(type)
        case .refFunc(let function):
            guard Int(function) < functionCount else { throw ValidationError("unknown function \(function)") }
            return .funcRef
        case .globalGet(let index):
            guard Int(index) < importedGlobals.count else { throw ValidationError("unknown global \(index)") }
            let global = importedGlobals[Int(index)]
            guard global.mutability == .constant else { throw ValidationError("constant expression required") }
            return OperandType(global.valueType)
        default:
            throw ValidationError("constant expression required")
        }
    }
}
