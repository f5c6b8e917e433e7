/// Checks function bodies with the spec's validation algorithm (WebAssembly 2.0 appendix, "Validation
/// Algorithm"): an operand stack of types that may be `unknown`, and a control stack of frames recording label
/// types, the stack height at block entry and whether the rest of the block is unreachable.
///
/// One validator checks every function of a module in turn. Its stacks and locals array keep their capacity from
/// one function to the next, and all per-instruction work is on one-byte `OperandType`s and integer ranges, so
/// checking a large module (php-cgi.wasm has 7.8 MB of code) allocates almost nothing per body.
struct FunctionValidator: ~Copyable {
    let context: ValidationContext
    /// Signatures of the numeric instructions, by `InstructionSignature.numericTableIndex`.
    let numericSignatures: [InstructionSignature]
    /// Signatures of the SIMD instructions without immediates, by subopcode.
    let simdSignatures: [InstructionSignature]

    var operands = OperandStack()
    var controls: [ControlFrame] = []
    /// Types of the current function's parameters followed by its declared locals.
    var locals: [OperandType] = []

    /// `height` and `isUnreachable` of the innermost control frame, cached because every pop consults them.
    var currentHeight = 0
    var currentIsUnreachable = false

    /// Where the instruction being checked is, for error reports.
    var functionIndex: UInt32 = 0
    var instructionOffset = 0

    /// The most locals a function may declare. The binary format allows up to 2^32 - 1 in total; engines cap it
    /// far lower (the decoder rejects "too many locals"), and this cap keeps the expanded locals array bounded.
    static let maximumLocalCount = 50_000

    init(context: ValidationContext) {
        self.context = context
        numericSignatures = InstructionSignature.makeNumericTable()
        simdSignatures = InstructionSignature.makeSIMDTable()
        controls.reserveCapacity(64)
        locals.reserveCapacity(256)
    }

    /// Validates the body of the function `functionIndex` (function index space), whose type is `typeIndex`.
    mutating func validate(body: FunctionBody, functionIndex: UInt32, typeIndex: UInt32,
                           bytes: [UInt8]) throws(ValidationError) {
        self.functionIndex = functionIndex
        instructionOffset = body.code.lowerBound
        guard Int(typeIndex) < context.signatures.count else { throw error("unknown type \(typeIndex)") }
        let signature = context.signatures[Int(typeIndex)]

        locals.removeAll(keepingCapacity: true)
        for i in signature.parameters { locals.append(context.typeLists[i]) }
        var declaredCount = 0
        for declaration in body.locals {
            declaredCount += Int(declaration.count)
            guard declaredCount <= Self.maximumLocalCount else { throw error("too many locals") }
            locals.append(contentsOf: repeatElement(OperandType(declaration.type), count: Int(declaration.count)))
        }

        operands.truncate(to: 0)
        controls.removeAll(keepingCapacity: true)
        pushFrame(.function, signature)

        var reader = InstructionReader(bytes: bytes, range: body.code)
        while !reader.isAtEnd {
            instructionOffset = reader.offset
            guard !controls.isEmpty else { throw error("operators remaining after end of function") }
            let instruction: Instruction
            do {
                instruction = try reader.read()
            } catch let decodingError {
                throw ValidationError(decodingError.message, functionIndex: functionIndex, offset: decodingError.offset)
            }
            try validate(instruction)
        }
        guard controls.isEmpty else { throw error("unexpected end of function") }
    }

    /// An error at the current instruction.
    func error(_ message: String) -> ValidationError {
        ValidationError(message, functionIndex: functionIndex, offset: instructionOffset)
    }

    var typeMismatch: ValidationError { error("type mismatch") }
}

// MARK: - Operand stack

extension FunctionValidator {
    @inline(__always)
    mutating func push(_ type: OperandType) {
        operands.push(type)
    }

    @inline(__always)
    mutating func push(_ types: Range<Int>) {
        for i in types { operands.push(context.typeLists[i]) }
    }

    /// Pops any operand; `unknown` when the stack is polymorphic.
    @inline(__always)
    mutating func pop() throws(ValidationError) -> OperandType {
        if operands.count == currentHeight {
            if currentIsUnreachable { return .unknown }
            throw typeMismatch
        }
        return operands.removeLast()
    }

    /// Pops an operand that must match `expected`, returning the actual type.
    @inline(__always)
    @discardableResult
    mutating func pop(_ expected: OperandType) throws(ValidationError) -> OperandType {
        if operands.count == currentHeight {
            if currentIsUnreachable { return .unknown }
            throw typeMismatch
        }
        let actual = operands.removeLast()
        guard actual.matches(expected) else { throw typeMismatch }
        return actual
    }

    /// Pops operands matching `types` (the last type is on top of the stack).
    @inline(__always)
    mutating func pop(_ types: Range<Int>) throws(ValidationError) {
        var i = types.upperBound
        while i > types.lowerBound {
            i -= 1
            try pop(context.typeLists[i])
        }
    }

    /// Checks that the top of the stack matches `types` without changing it; what `br_table` does for every target
    /// but the default (the spec's `push_vals(pop_vals(...))`).
    mutating func peek(_ types: Range<Int>) throws(ValidationError) {
        var position = operands.count
        var i = types.upperBound
        while i > types.lowerBound {
            i -= 1
            if position == currentHeight {
                if currentIsUnreachable { return }  // Everything below is polymorphic `unknown`.
                throw typeMismatch
            }
            position -= 1
            guard operands[position].matches(context.typeLists[i]) else { throw typeMismatch }
        }
    }

    /// Applies an instruction with a fixed signature.
    @inline(__always)
    mutating func apply(_ signature: InstructionSignature) throws(ValidationError) {
        switch signature.operandCount {
        case 0: break
        case 1: try pop(signature.operands.0)
        case 2:
            try pop(signature.operands.1)
            try pop(signature.operands.0)
        case 3:
            try pop(signature.operands.2)
            try pop(signature.operands.1)
            try pop(signature.operands.0)
        default:
            throw error("unknown operator")
        }
        if signature.hasResult { push(signature.result) }
    }
}

// MARK: - Control stack

extension FunctionValidator {
    /// Enters a block whose parameters have been popped, pushing them back as the block's initial operands (a
    /// function frame starts empty: its parameters are locals).
    mutating func pushFrame(_ kind: ControlFrame.Kind, _ signature: BlockSignature) {
        let height = operands.count
        controls.append(ControlFrame(kind: kind, isUnreachable: false, height: height, signature: signature))
        currentHeight = height
        currentIsUnreachable = false
        if kind != .function { push(signature.parameters) }
    }

    /// Pops the innermost frame after checking that exactly its results are on the stack.
    mutating func popFrame() throws(ValidationError) -> ControlFrame {
        guard let frame = controls.last else { throw error("unexpected end") }
        try pop(frame.signature.results)
        guard operands.count == frame.height else { throw typeMismatch }
        controls.removeLast()
        if let enclosing = controls.last {
            currentHeight = enclosing.height
            currentIsUnreachable = enclosing.isUnreachable
        } else {
            currentHeight = 0
            currentIsUnreachable = false
        }
        return frame
    }

    /// After `unreachable`, `br`, `br_table` and `return`: drops the block's operands and makes the stack
    /// polymorphic until the block ends.
    mutating func markUnreachable() {
        operands.truncate(to: currentHeight)
        controls[controls.count - 1].isUnreachable = true
        currentIsUnreachable = true
    }

    /// The frame a branch to `depth` targets.
    @inline(__always)
    func label(_ depth: UInt32) throws(ValidationError) -> ControlFrame {
        guard Int(depth) < controls.count else { throw error("unknown label") }
        return controls[controls.count - 1 - Int(depth)]
    }

    func blockSignature(_ blockType: BlockType) throws(ValidationError) -> BlockSignature {
        guard let signature = context.signature(of: blockType) else {
            if case .typeIndex(let index) = blockType { throw error("unknown type \(index)") }
            throw error("unknown type")
        }
        return signature
    }
}

// MARK: - Instructions

extension FunctionValidator {
    mutating func validate(_ instruction: Instruction) throws(ValidationError) {
        switch instruction {
        // Control
        case .unreachable:
            markUnreachable()
        case .nop:
            break
        case .block(let blockType):
            let signature = try blockSignature(blockType)
            try pop(signature.parameters)
            pushFrame(.block, signature)
        case .loop(let blockType):
            let signature = try blockSignature(blockType)
            try pop(signature.parameters)
            pushFrame(.loop, signature)
        case .if(let blockType):
            let signature = try blockSignature(blockType)
            try pop(.i32)
            try pop(signature.parameters)
            pushFrame(.if, signature)
        case .else:
            let frame = try popFrame()
            guard frame.kind == .if else { throw error("else without matching if") }
            pushFrame(.else, frame.signature)
        case .end:
            let frame = try popFrame()
            // An `if` without `else` has an implicit empty else branch, which must turn the parameters into the
            // results.
            if frame.kind == .if && !frame.signature.parametersEqualResults(in: context.typeLists) {
                throw typeMismatch
            }
            push(frame.signature.results)
        case .br(let depth):
            let target = try label(depth)
            try pop(target.labelTypes)
            markUnreachable()
        case .brIf(let depth):
            let target = try label(depth)
            try pop(.i32)
            try pop(target.labelTypes)
            push(target.labelTypes)
        case .brTable(let targets, let defaultDepth):
            try pop(.i32)
            let defaultTarget = try label(defaultDepth)
            let arity = defaultTarget.labelTypes.count
            for depth in targets {
                let target = try label(depth)
                guard target.labelTypes.count == arity else { throw typeMismatch }
                try peek(target.labelTypes)
            }
            try pop(defaultTarget.labelTypes)
            markUnreachable()
        case .return:
            try pop(controls[0].signature.results)
            markUnreachable()
        case .call(let function):
            guard Int(function) < context.functionTypeIndices.count else {
                throw error("unknown function \(function)")
            }
            let signature = context.signatures[Int(context.functionTypeIndices[Int(function)])]
            try pop(signature.parameters)
            push(signature.results)
        case .callIndirect(let typeIndex, let table):
            guard Int(table) < context.tableTypes.count else { throw error("unknown table \(table)") }
            guard context.tableTypes[Int(table)] == .funcRef else { throw typeMismatch }
            guard Int(typeIndex) < context.signatures.count else { throw error("unknown type \(typeIndex)") }
            let signature = context.signatures[Int(typeIndex)]
            try pop(.i32)
            try pop(signature.parameters)
            push(signature.results)

        // Parametric
        case .drop:
            _ = try pop()
        case .select:
            try pop(.i32)
            let first = try pop()
            let second = try pop()
            guard first.mayBeNumericOrVector && second.mayBeNumericOrVector else { throw typeMismatch }
            guard first.matches(second) else { throw typeMismatch }
            push(first == .unknown ? second : first)
        case .typedSelect(let type):
            let operand = OperandType(type)
            try pop(.i32)
            try pop(operand)
            try pop(operand)
            push(operand)

        // Variables
        case .localGet(let index):
            push(try local(index))
        case .localSet(let index):
            try pop(try local(index))
        case .localTee(let index):
            let type = try local(index)
            try pop(type)
            push(type)
        case .globalGet(let index):
            push(try global(index).type)
        case .globalSet(let index):
            let global = try global(index)
            guard global.isMutable else { throw error("global is immutable") }
            try pop(global.type)

        // Tables and memories
        case .tableGet, .tableSet, .tableInit, .elemDrop, .tableCopy, .tableGrow, .tableSize, .tableFill:
            try validateTableInstruction(instruction)
        case .load(let opcode, let memArg):
            try checkMemoryAccess(memArg, naturalAlignment: opcode.accessSize)
            try pop(.i32)
            push(OperandType(opcode.valueType))
        case .store(let opcode, let memArg):
            try checkMemoryAccess(memArg, naturalAlignment: opcode.accessSize)
            try pop(OperandType(opcode.valueType))
            try pop(.i32)
        case .memorySize, .memoryGrow, .memoryInit, .dataDrop, .memoryCopy, .memoryFill:
            try validateMemoryInstruction(instruction)

        // Numeric
        case .i32Const:
            push(.i32)
        case .i64Const:
            push(.i64)
        case .f32Const:
            push(.f32)
        case .f64Const:
            push(.f64)
        case .numeric(let opcode):
            try apply(numericSignatures[InstructionSignature.numericTableIndex(opcode)])

        // References
        case .refNull(let type):
            push(OperandType(type))
        case .refIsNull:
            guard try pop().mayBeReference else { throw typeMismatch }
            push(.i32)
        case .refFunc(let function):
            guard Int(function) < context.functionTypeIndices.count else {
                throw error("unknown function \(function)")
            }
            guard context.declaredFunctions[Int(function)] else { throw error("undeclared function reference") }
            push(.funcRef)

        // SIMD
        case .v128Const:
            push(.v128)
        case .simd(let opcode):
            try apply(simdSignatures[Int(opcode.rawValue & 0xFF)])
        case .i8x16Shuffle, .simdMemory, .simdLane, .simdMemoryLane:
            try validateSIMDInstructionWithImmediates(instruction)
        }
    }

    @inline(__always)
    func local(_ index: UInt32) throws(ValidationError) -> OperandType {
        guard Int(index) < locals.count else { throw error("unknown local \(index)") }
        return locals[Int(index)]
    }

    @inline(__always)
    func global(_ index: UInt32) throws(ValidationError) -> ValidationContext.GlobalInfo {
        guard Int(index) < context.globals.count else { throw error("unknown global \(index)") }
        return context.globals[Int(index)]
    }
}
