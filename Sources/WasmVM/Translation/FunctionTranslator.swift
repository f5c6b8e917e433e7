/// Tier 0: translates one validated function body into register-style bytecode, in a single pass.
///
/// The Wasm operand stack is mapped onto frame slots: the operand at stack height `h` lives in slot
/// `stackBase + h` (its *home*). But an operand need not be in its home. `local.get` and constants push a
/// *reference* to the local's or the constant's own slot, and consumers read from there directly — so
/// `local.get 0; local.get 1; i32.add; local.set 2` becomes the single instruction `i32.add s2, s0, s1`
/// instead of four stack operations. A reference is *materialized* (copied into its home) only where a fixed
/// location is required: call arguments, block parameters and results, branch values, and before the local it
/// refers to is overwritten.
///
/// Fusions, all local and cheap to detect while emitting:
/// - the result of an instruction followed by `local.set`/`local.tee` is written straight into the local;
/// - a comparison followed by `br_if` or `if` becomes one compare-and-branch instruction;
/// - `i32.eqz` followed by `br_if`/`if` becomes a branch on zero/non-zero;
/// - the superinstructions of Docs/Bytecode.md: an instruction whose result only its consumer reads is
///   absorbed by it (address additions and shifts into loads and stores, loads into arithmetic, arithmetic
///   into stores and returns, shifts into `xor`/`or`, additions and masks into branches), and two additions
///   or two moves in a row share a dispatch.
/// None crosses a label (a branch target), where the previous instruction may not be the one that ran. The
/// translator finds the instructions to absorb through `lastResult` and the two records before it.
///
/// The input is already validated, so the translator trusts types and arities and only tracks what it needs:
/// each operand's type (for its slot size) and where it currently is.
struct FunctionTranslator {
    struct Operand {
        var type: ValueType
        /// The operand's home slot (its position on the operand stack).
        var home: Int
        /// Where the value can be read now: `home`, a local's slot, or a constant's slot.
        var source: Int
        /// Set when `source` is a local's slot (such an operand must be materialized before the local changes).
        var isLocal: Bool
    }

    enum ControlKind { case block, loop, `if`, `else`, function }

    struct Control {
        var kind: ControlKind
        var parameters: [ValueType]
        var results: [ValueType]
        /// Operand count and slot height below the block's parameters.
        var operandHeight: Int
        var slotHeight: Int
        /// Branches to patch with the end's address: (instruction start, word holding the offset or -1 for the
        /// B|C field of the first word).
        var pendingBranches: [(instruction: Int, word: Int)] = []
        var loopStart = 0
        /// The `if`'s branch to its `else` (or end).
        var elseBranch: (instruction: Int, word: Int)?
        var unreachable = false
        /// A block opened inside unreachable code: never translated, only matched with its `end`.
        var isDead = false

        var labelTypes: [ValueType] { kind == .loop ? parameters : results }
    }

    let module: ModuleDefinition
    let typeIDs: [Int]
    let functionIndex: Int
    let type: FunctionType

    var localSlots: [Int] = []
    var localTypes: [ValueType] = []
    var localsEnd = 0
    var declaredLocalSlots = 0
    var constants: [UInt64] = []
    var scalarConstantSlots: [UInt64: Int] = [:]
    var vectorConstantSlots: [V128: Int] = [:]
    var stackBase = 0

    var code: [UInt64] = []
    var operands: [Operand] = []
    var height = 0
    var maxHeight = 0
    var controls: [Control] = []

    /// The last instruction that wrote its result to field A, and that result's slot: candidates for fusion.
    var lastResult: (instruction: Int, slot: Int)?
    /// `lastResult` as it was when the current `lastResult` was emitted: when a comparison is folded into a
    /// branch (and removed), the instruction before it becomes the last one again, e.g. the `i32.add` of a
    /// loop counter that the branch can absorb as well.
    var resultBeforeLast: (instruction: Int, slot: Int)?
    /// One step further back: the result before `resultBeforeLast` (for `x + K` under a scaled access,
    /// which sits below both the shift and the address addition).
    var resultTwoBeforeLast: (instruction: Int, slot: Int)?
    /// The last instruction, if it is a one-slot `copy`: a following copy is merged into it (`copy2`).
    var lastCopy: Int?
    /// Slots of declared (non-parameter) scalar locals not written since the function's entry, on the
    /// straight-line code before the first label. Such a local still holds the zero its frame template gave
    /// it, so `local.set` of a zero constant to it emits nothing. Compilers initialise loop variables and
    /// accumulators this way at the top of nearly every function (`fib` did it on each of its calls).
    /// Forgotten at the first label: a branch back to it could come after a write.
    var pristineLocals: Set<Int> = []
    /// The last instruction, if it is a one-word `i32Add`: a following `i32Add` is merged into it
    /// (`i32Add2`), like two copies into `copy2`.
    var lastAdd: Int?

    /// Translation slots of the module's own functions (index = function index - imported function count),
    /// when the caller has them: calls to those functions become `callDirect`, which carries the slot's
    /// address so the interpreter reaches the callee's code without going through the instance's function
    /// table. Without slots (a translation for inspection only) every call is a plain `call`.
    let ownFunctions: UnsafeMutablePointer<CompiledFunction>?

    init(module: ModuleDefinition, typeIDs: [Int], functionIndex: Int,
         ownFunctions: UnsafeMutablePointer<CompiledFunction>? = nil) {
        self.module = module
        self.typeIDs = typeIDs
        self.functionIndex = functionIndex
        self.ownFunctions = ownFunctions
        self.type = module.types[Int(module.functionTypeIndexSpace[functionIndex])]
    }

    /// The translated function.
    struct Output {
        var code: [UInt64]
        var constants: [UInt64]
        var parameterSlots: Int
        var localSlots: Int
        var constantsOffset: Int
        var frameSize: Int
    }

    static func translate(module: ModuleDefinition, typeIDs: [Int], functionIndex: Int,
                          ownFunctions: UnsafeMutablePointer<CompiledFunction>? = nil) throws(Trap) -> Output {
        var translator = FunctionTranslator(module: module, typeIDs: typeIDs, functionIndex: functionIndex,
                                            ownFunctions: ownFunctions)
        do {
            return try translator.run()
        } catch let error as Trap {
            throw error
        } catch {
            throw Trap(.unsupported("function \(functionIndex) could not be translated: \(error)"))
        }
    }

    // MARK: - Driver

    mutating func run() throws -> Output {
        let body = module.functionBodies[functionIndex - module.importedFunctionCount]
        var slot = 0
        for parameter in type.parameters {
            localSlots.append(slot)
            localTypes.append(parameter)
            slot += parameter.slotCount
        }
        let parameterSlots = slot
        for declaration in body.locals {
            for _ in 0..<declaration.count {
                localSlots.append(slot)
                localTypes.append(declaration.type)
                slot += declaration.type.slotCount
            }
        }
        localsEnd = slot
        declaredLocalSlots = slot - parameterSlots
        for index in type.parameters.count..<localSlots.count where localTypes[index] != .v128 {
            pristineLocals.insert(localSlots[index])
        }

        try collectConstants(body.code)
        stackBase = localsEnd + constants.count
        guard stackBase < maximumSlot else { throw Trap(.unsupported("function \(functionIndex) has too many locals")) }

        controls.append(Control(kind: .function, parameters: [], results: type.results, operandHeight: 0, slotHeight: 0))
        var reader = InstructionReader(bytes: module.bytes, range: body.code)
        while !controls.isEmpty {
            let instruction = try reader.read()
            if controls[controls.count - 1].unreachable {
                try skipUnreachable(instruction)
            } else {
                try translate(instruction)
            }
        }
        let resultSlots = type.results.reduce(0) { $0 + $1.slotCount }
        let frameSize = max(stackBase + maxHeight, resultSlots, 1)
        guard frameSize <= maximumSlot else {
            throw Trap(.unsupported("function \(functionIndex) needs a frame of \(frameSize) slots (limit \(maximumSlot))"))
        }
        return Output(code: code, constants: constants, parameterSlots: parameterSlots, localSlots: declaredLocalSlots,
                      constantsOffset: localsEnd, frameSize: frameSize)
    }

    /// Pre-scan: gives every distinct constant of the body a slot, so the frame layout
    /// `[params | locals | constants | operand stack]` is fixed before any instruction is emitted.
    mutating func collectConstants(_ range: Range<Int>) throws {
        var reader = InstructionReader(bytes: module.bytes, range: range)
        while !reader.isAtEnd {
            switch try reader.read() {
            case .i32Const(let v): addScalarConstant(UInt64(v))
            case .i64Const(let v): addScalarConstant(v)
            case .f32Const(let v): addScalarConstant(UInt64(v))
            case .f64Const(let v): addScalarConstant(v)
            case .refNull: addScalarConstant(0)
            case .v128Const(let v):
                if vectorConstantSlots[v] == nil {
                    vectorConstantSlots[v] = localsEnd + constants.count
                    constants.append(v.low)
                    constants.append(v.high)
                }
            default: break
            }
        }
    }

    mutating func addScalarConstant(_ bits: UInt64) {
        if scalarConstantSlots[bits] == nil {
            scalarConstantSlots[bits] = localsEnd + constants.count
            constants.append(bits)
        }
    }

    /// In unreachable code, only nesting matters: skip to the `else` or `end` of the current block.
    mutating func skipUnreachable(_ instruction: Instruction) throws {
        switch instruction {
        case .block, .loop, .if:
            // A block inside dead code: push a dead control so its `end` pairs up.
            controls.append(Control(kind: .block, parameters: [], results: [], operandHeight: operands.count,
                                    slotHeight: height, unreachable: true, isDead: true))
        case .else:
            if !controls[controls.count - 1].isDead { try translate(.else) }
        case .end:
            try translate(.end)
        default:
            break
        }
    }

    // MARK: - Operand stack

    mutating func push(_ type: ValueType) -> Int {
        let home = stackBase + height
        operands.append(Operand(type: type, home: home, source: home, isLocal: false))
        height += type.slotCount
        if height > maxHeight { maxHeight = height }
        return home
    }

    mutating func pushReference(_ type: ValueType, slot: Int, isLocal: Bool) {
        let home = stackBase + height
        operands.append(Operand(type: type, home: home, source: slot, isLocal: isLocal))
        height += type.slotCount
        if height > maxHeight { maxHeight = height }
    }

    @discardableResult
    mutating func pop() -> Operand {
        let operand = operands.removeLast()
        height -= operand.type.slotCount
        return operand
    }

    mutating func materialize(_ index: Int) {
        let operand = operands[index]
        guard operand.source != operand.home else { return }
        emitCopy(to: operand.home, from: operand.source, type: operand.type)
        operands[index].source = operand.home
        operands[index].isLocal = false
    }

    mutating func materializeAll() {
        for i in operands.indices { materialize(i) }
    }

    mutating func materializeTop(_ count: Int) {
        for i in (operands.count - count)..<operands.count { materialize(i) }
    }

    /// Before local `slot` changes, every operand still reading it gets its own copy.
    mutating func preserveReferences(toLocal slot: Int) {
        for i in operands.indices where operands[i].isLocal && operands[i].source == slot { materialize(i) }
    }

    // MARK: - Emission

    mutating func emit(_ word: UInt64) {
        forgetAdd()
        code.append(word)
    }

    /// Emits an instruction that writes its result to field A.
    mutating func emitResult(_ opcode: Opcode, _ a: Int, _ b: Int = 0, _ c: Int = 0, extra: [UInt64] = []) {
        if opcode == .i32Add, extra.isEmpty, let first = lastAdd, first == code.count - 1,
           Opcode(rawValue: UInt16(truncatingIfNeeded: code[first])) == .i32Add {
            // Nothing can branch to this addition (a label would have cleared `lastAdd`): merge it into the
            // previous one. `lastResult` names the pair's second result; see `splitAddPair`.
            code[first] = (code[first] & ~0xFFFF) | UInt64(Opcode.i32Add2.rawValue)
            code.append(UInt64(a) | UInt64(b) << 16 | UInt64(c) << 32)
            resultTwoBeforeLast = nil
            resultBeforeLast = nil
            lastResult = (first, a)
            lastAdd = nil
            return
        }
        lastAdd = opcode == .i32Add && extra.isEmpty ? code.count : nil
        // `resultBeforeLast` describes the instruction before `lastResult` only while `lastResult` is set.
        resultTwoBeforeLast = lastResult == nil ? nil : resultBeforeLast
        resultBeforeLast = lastResult
        lastResult = (code.count, a)
        code.append(instructionWord(opcode, a, b, c))
        code.append(contentsOf: extra)
    }

    /// Emits a move. Two moves in a row become one `copy2` (one dispatch instead of two). That is safe because
    /// nothing can branch to the second one: every branch target is placed through `placeLabel`, which
    /// forgets `lastCopy`.
    mutating func emitCopy(to destination: Int, from source: Int, type: ValueType) {
        guard destination != source else { return }
        lastResult = nil
        if type != .v128, let previous = lastCopy, previous == code.count - 1 {
            code[previous] = (code[previous] & ~0xFFFF) & 0x0000_FFFF_FFFF_FFFF | UInt64(Opcode.copy2.rawValue)
                | UInt64(destination) << 48
            emit(UInt64(source))
            lastCopy = nil
            return
        }
        emit(instructionWord(type == .v128 ? .copy128 : .copy, destination, source))
        lastCopy = type == .v128 ? nil : code.count - 1
    }

    /// Called wherever code is emitted other than through `emitResult`, or removed: `lastAdd` describes the
    /// last instruction only until then.
    mutating func forgetAdd() {
        lastAdd = nil
    }

    /// If the last instruction is an `i32Add2` whose second addition writes `slot` and is `lastResult`,
    /// splits it back into two `i32Add`s, so that a fusion (or a `local.set` retargeting the result) can
    /// take the second one as it would have before the merge.
    mutating func splitAddPair(writing slot: Int) {
        guard let last = lastResult, isAddPairResult(last), last.slot == slot else { return }
        let pair = last.instruction
        let second = code.removeLast()
        code[pair] = (code[pair] & ~0xFFFF) | UInt64(Opcode.i32Add.rawValue)
        code.append(instructionWord(.i32Add, Int(second & 0xFFFF), Int((second >> 16) & 0xFFFF),
                                    Int((second >> 32) & 0xFFFF)))
        lastResult = (pair + 1, slot)
        resultBeforeLast = nil
        resultTwoBeforeLast = nil
        lastAdd = pair + 1
    }

    /// Whether `result` is the second addition of an `i32Add2` that is the last instruction. (A result
    /// record always names an instruction's first word, so its opcode can be read.)
    func isAddPairResult(_ result: (instruction: Int, slot: Int)) -> Bool {
        result.instruction == code.count - 2
            && Opcode(rawValue: UInt16(truncatingIfNeeded: code[result.instruction])) == .i32Add2
            && Int(code[result.instruction + 1] & 0xFFFF) == result.slot
    }

    /// A label was placed here: the previous instruction is no longer known to be the one that ran.
    mutating func placeLabel() {
        lastResult = nil
        lastCopy = nil
        pristineLocals.removeAll()
        lastAdd = nil
    }

    /// Emits a branch whose offset is patched later; returns its patch site.
    mutating func emitPendingBranch(_ opcode: Opcode, _ a: Int = 0) -> (instruction: Int, word: Int) {
        let site = (instruction: code.count, word: -1)
        emit(instructionWord(opcode, a, immediate: 0))
        lastResult = nil
        return site
    }

    mutating func emitPendingFusedBranch(_ opcode: Opcode, _ b: Int, _ c: Int) -> (instruction: Int, word: Int) {
        let site = (instruction: code.count, word: code.count + 1)
        emit(instructionWord(opcode, 0, b, c))
        emit(0)
        lastResult = nil
        return site
    }

    mutating func patch(_ site: (instruction: Int, word: Int), to target: Int) {
        let offset = target - site.instruction
        if site.word < 0 {
            code[site.instruction] = (code[site.instruction] & 0xFFFF_FFFF) | UInt64(UInt32(bitPattern: Int32(offset))) << 32
        } else {
            code[site.word] = UInt64(bitPattern: Int64(offset))
        }
    }

    /// Branches to control `depth` levels up, from a fresh instruction (offset known for loops, pending otherwise).
    mutating func emitBranch(_ opcode: Opcode, _ a: Int = 0, depth: Int) {
        let target = controls.count - 1 - depth
        if controls[target].kind == .loop {
            emit(instructionWord(opcode, a, immediate: Int32(controls[target].loopStart - code.count)))
            lastResult = nil
        } else {
            let site = emitPendingBranch(opcode, a)
            controls[target].pendingBranches.append(site)
        }
    }

    mutating func emitFusedBranch(_ opcode: Opcode, _ b: Int, _ c: Int, depth: Int) {
        let target = controls.count - 1 - depth
        let site = emitPendingFusedBranch(opcode, b, c)
        if controls[target].kind == .loop {
            patch(site, to: controls[target].loopStart)
        } else {
            controls[target].pendingBranches.append(site)
        }
    }

    /// Copies the top operands (the branch's values) into the label's slots of control `depth` levels up.
    /// Copies go from higher to lower slots in increasing order, which never overwrites a value still to be
    /// read (see Docs/Bytecode.md).
    mutating func copyBranchValues(depth: Int) {
        let target = controls[controls.count - 1 - depth]
        let types = target.labelTypes
        var slot = stackBase + target.slotHeight
        for (i, type) in types.enumerated() {
            let operand = operands[operands.count - types.count + i]
            emitCopy(to: slot, from: operand.source, type: type)
            slot += type.slotCount
        }
    }

    /// Whether a branch to control `depth` levels up needs to move values.
    func branchNeedsCopies(depth: Int) -> Bool {
        let target = controls[controls.count - 1 - depth]
        let types = target.labelTypes
        var slot = stackBase + target.slotHeight
        for i in 0..<types.count {
            let operand = operands[operands.count - types.count + i]
            if operand.source != slot { return true }
            slot += types[i].slotCount
        }
        return false
    }

    /// If the condition on top of the stack was just computed by a comparison (or `eqz`), removes that
    /// instruction and returns how to branch on it directly.
    mutating func takeFusibleCondition() -> (compare: Opcode, b: Int, c: Int)? {
        guard let last = lastResult, let condition = operands.last, condition.source == condition.home,
              last.slot == condition.home, last.instruction == code.count - 1 else { return nil }
        let word = code[last.instruction]
        guard let opcode = Opcode(rawValue: UInt16(truncatingIfNeeded: word)) else { return nil }
        switch opcode {
        case .i32Eqz, .i64Eqz:
            code.removeLast()
            forgetAdd()
            lastResult = resultBeforeLast
            resultBeforeLast = resultTwoBeforeLast
            resultTwoBeforeLast = nil
            return (opcode, fieldB(word), 0)
        default:
            guard Opcode.fusedBranch(opcode) != nil else { return nil }
            code.removeLast()
            forgetAdd()
            lastResult = resultBeforeLast
            resultBeforeLast = resultTwoBeforeLast
            resultTwoBeforeLast = nil
            return (opcode, fieldB(word), fieldC(word))
        }
    }

    /// Emits "branch to control `depth` if the condition (already popped; its fusion info or slot given) is true
    /// (`whenTrue`) or false".
    mutating func emitConditionalBranch(condition: Int, fused: (compare: Opcode, b: Int, c: Int)?, whenTrue: Bool,
                                        depth: Int) -> (instruction: Int, word: Int)? {
        if let fused {
            switch fused.compare {
            case .i32Eqz, .i64Eqz:
                let wide = fused.compare == .i64Eqz
                let opcode: Opcode = whenTrue ? (wide ? .brIfEqz64 : .brIfEqz) : (wide ? .brIfNez64 : .brIfNez)
                return conditionalBranch(opcode, a: fused.b, depth: depth)
            default:
                let compare = whenTrue ? fused.compare : fused.compare.negatedComparison!
                let opcode = Opcode.fusedBranch(compare)!
                if let addAndBranch = opcode.withPrecedingAdd, let add = takePrecedingAdd(writing: fused.b) {
                    return place(emitAddAndBranch(addAndBranch, add: add, rightOperand: fused.c), depth: depth)
                }
                // Equality is symmetric: the `and` may have computed either operand.
                if let andAndBranch = opcode.withPrecedingAnd {
                    if let and = takePrecedingInstruction(.i32And, writing: fused.b) {
                        return place(emitAddAndBranch(andAndBranch, add: and, rightOperand: fused.c), depth: depth)
                    }
                    if let and = takePrecedingInstruction(.i32And, writing: fused.c) {
                        return place(emitAddAndBranch(andAndBranch, add: and, rightOperand: fused.b), depth: depth)
                    }
                }
                if depth < 0 { return emitPendingFusedBranch(opcode, fused.b, fused.c) }
                emitFusedBranch(opcode, fused.b, fused.c, depth: depth)
                return nil
            }
        }
        return conditionalBranch(whenTrue ? .brIfNez : .brIfEqz, a: condition, depth: depth)
    }

    /// depth < 0: a pending branch returned to the caller to patch.
    mutating func conditionalBranch(_ opcode: Opcode, a: Int, depth: Int) -> (instruction: Int, word: Int)? {
        if let addAndBranch = opcode.withPrecedingAdd, let add = takePrecedingAdd(writing: a) {
            return place(emitAddAndBranch(addAndBranch, add: add, rightOperand: nil), depth: depth)
        }
        if opcode == .brIfEqz || opcode == .brIfNez, let site = fusePrecedingByteLoad(writing: a, branch: opcode) {
            return place(site, depth: depth)
        }
        if opcode == .brIfEqz || opcode == .brIfNez, let and = takePrecedingInstruction(.i32And, writing: a) {
            let fused: Opcode = opcode == .brIfEqz ? .i32AndBrIfEqz : .i32AndBrIfNez
            return place(emitAddAndBranch(fused, add: and, rightOperand: nil), depth: depth)
        }
        if depth < 0 { return emitPendingBranch(opcode, a) }
        emitBranch(opcode, a, depth: depth)
        return nil
    }

    /// If the instruction just emitted is an `i32Add` writing `slot` (nothing emitted and no label placed since),
    /// removes it and returns its word: a branch on `slot` can absorb it (`i32AddBrIf*`, the loop-counter
    /// superinstructions).
    mutating func takePrecedingAdd(writing slot: Int) -> UInt64? {
        takePrecedingInstruction(.i32Add, writing: slot)
    }

    /// If the instruction just emitted is a one-word `opcode` writing `slot` (nothing emitted and no label placed
    /// since), removes it and returns its word (`i32AddBrIf*`, `i32AndBrIfEq`/`Ne`).
    mutating func takePrecedingInstruction(_ opcode: Opcode, writing slot: Int) -> UInt64? {
        if opcode == .i32Add { splitAddPair(writing: slot) }
        guard let last = lastResult, last.slot == slot, last.instruction == code.count - 1,
              Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) == opcode else { return nil }
        lastResult = nil
        forgetAdd()
        return code.removeLast()
    }

    /// If the instruction just emitted is a plain `i32Load8U` writing `slot` (nothing emitted and no label placed
    /// since), turns it into `i32Load8UBrIfEqz`/`Nez` in place: the load keeps its words (destination, address,
    /// offset) and gains the branch offset as word 2. Byte-scanning loops (`strlen`, `strcmp`, hashing a
    /// C string) test every loaded byte for zero; this saves one dispatch per byte. Returns the patch site.
    mutating func fusePrecedingByteLoad(writing slot: Int, branch: Opcode) -> (instruction: Int, word: Int)? {
        guard let last = lastResult, last.slot == slot, last.instruction == code.count - 2,
              Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) == .i32Load8U else { return nil }
        let fused: Opcode = branch == .brIfEqz ? .i32Load8UBrIfEqz : .i32Load8UBrIfNez
        code[last.instruction] = (code[last.instruction] & ~0xFFFF) | UInt64(fused.rawValue)
        let site = (instruction: last.instruction, word: code.count)
        emit(0)
        lastResult = nil
        lastCopy = nil
        return site
    }

    /// Emits an add-and-branch (or and-and-branch): the add's word with the new opcode, the branch offset (patched
    /// later) and, for a comparison, the slot of its right operand. Returns the patch site.
    mutating func emitAddAndBranch(_ opcode: Opcode, add: UInt64, rightOperand: Int?) -> (instruction: Int, word: Int) {
        let site = (instruction: code.count, word: code.count + 1)
        emit((add & ~0xFFFF) | UInt64(opcode.rawValue))
        emit(0)
        if let rightOperand { emit(UInt64(rightOperand)) }
        lastResult = nil
        lastCopy = nil
        return site
    }

    /// depth < 0: returns the patch site to the caller; otherwise the branch targets control `depth` levels up.
    mutating func place(_ site: (instruction: Int, word: Int), depth: Int) -> (instruction: Int, word: Int)? {
        if depth < 0 { return site }
        let target = controls.count - 1 - depth
        if controls[target].kind == .loop {
            patch(site, to: controls[target].loopStart)
        } else {
            controls[target].pendingBranches.append(site)
        }
        return nil
    }

    // MARK: - Blocks

    func blockSignature(_ blockType: BlockType) -> (parameters: [ValueType], results: [ValueType]) {
        switch blockType {
        case .empty: return ([], [])
        case .value(let t): return ([], [t])
        case .typeIndex(let i):
            let t = module.types[Int(i)]
            return (t.parameters, t.results)
        }
    }

    mutating func enterBlock(_ kind: ControlKind, _ blockType: BlockType) {
        let (parameters, results) = blockSignature(blockType)
        materializeAll()
        let parameterSlots = parameters.reduce(0) { $0 + $1.slotCount }
        controls.append(Control(kind: kind, parameters: parameters, results: results,
                                operandHeight: operands.count - parameters.count, slotHeight: height - parameterSlots))
    }

    /// Resets the operand stack to the block's base and pushes `types` as values in their homes.
    mutating func resetStack(to control: Control, pushing types: [ValueType]) {
        while operands.count > control.operandHeight { pop() }
        height = control.slotHeight
        for t in types { _ = push(t) }
    }

    mutating func endBlock() {
        if controls[controls.count - 1].kind == .function {
            if !controls[controls.count - 1].unreachable { emitReturn() }
            let control = controls.removeLast()
            if !control.pendingBranches.isEmpty {
                // Reachable only via branches to the function label; their values are in the label slots.
                placeLabel()
                for site in control.pendingBranches { patch(site, to: code.count) }
                emitReturnFromLabel(control)
            }
            return
        }
        var control = controls.removeLast()
        if control.isDead { return }
        if !control.unreachable {
            materializeTop(control.results.count)
        }
        if control.kind == .if, let site = control.elseBranch {
            // An `if` without `else`: the false path arrives here with the parameters as results.
            control.pendingBranches.append(site)
        }
        placeLabel()
        for site in control.pendingBranches { patch(site, to: code.count) }
        resetStack(to: control, pushing: control.results)
    }

    /// The function's end reached by branches: results sit at the label slots; move them to slot 0...
    mutating func emitReturnFromLabel(_ control: Control) {
        var slot = stackBase + control.slotHeight
        var target = 0
        for t in control.results {
            emitCopy(to: target, from: slot, type: t)
            slot += t.slotCount
            target += t.slotCount
        }
        emit(instructionWord(.returnValues))
    }

    /// `return` (or the function's end) with the results on top of the stack.
    mutating func emitReturn() {
        let results = type.results
        if results.count == 1 && results[0] != .v128 {
            let result = operands[operands.count - 1]
            if result.source == result.home, result.home >= stackBase,
               let add = takePrecedingInstruction(.i32Add, writing: result.home) {
                // `return x + y`: the sum goes straight to slot 0 (its stack slot is read by nothing else).
                emit((add & ~0xFFFF) | UInt64(Opcode.i32AddReturn.rawValue))
            } else {
                emit(instructionWord(.returnOne, result.source))
            }
        } else {
            // Move every result to its home first, then down to slots 0...: homes are at or above the targets
            // and in the same order, so a forward copy never clobbers a result still to be moved.
            materializeTop(results.count)
            var target = 0
            for i in (operands.count - results.count)..<operands.count {
                emitCopy(to: target, from: operands[i].home, type: operands[i].type)
                target += operands[i].type.slotCount
            }
            emit(instructionWord(.returnValues))
        }
        lastResult = nil
        markUnreachable()
    }

    mutating func markUnreachable() {
        controls[controls.count - 1].unreachable = true
    }

    // MARK: - Instructions

    mutating func translate(_ instruction: Instruction) throws {
        switch instruction {
        case .unreachable:
            emit(instructionWord(.unreachable))
            markUnreachable()
        case .nop:
            break
        case .block(let t):
            enterBlock(.block, t)
        case .loop(let t):
            enterBlock(.loop, t)
            placeLabel()
            controls[controls.count - 1].loopStart = code.count
        case .if(let t):
            let fused = takeFusibleCondition()
            let condition = pop()
            enterBlock(.if, t)
            controls[controls.count - 1].elseBranch =
                emitConditionalBranch(condition: condition.source, fused: fused, whenTrue: false, depth: -1)
        case .else:
            var control = controls.removeLast()
            if !control.unreachable { materializeTop(control.results.count) }
            let toEnd = emitPendingBranch(.br)
            control.pendingBranches.append(toEnd)
            placeLabel()
            if let site = control.elseBranch { patch(site, to: code.count) }
            control.elseBranch = nil
            control.kind = .else
            control.unreachable = false
            resetStack(to: control, pushing: control.parameters)
            controls.append(control)
        case .end:
            endBlock()
        case .br(let depth) where Int(depth) == controls.count - 1:
            emitReturn()  // a branch to the function's label is a return
        case .br(let depth):
            let depth = Int(depth)
            copyBranchValues(depth: depth)
            emitBranch(.br, depth: depth)
            markUnreachable()
        case .brIf(let depth):
            let depth = Int(depth)
            let fused = takeFusibleCondition()
            let condition = pop()
            if branchNeedsCopies(depth: depth) {
                let skip = emitConditionalBranch(condition: condition.source, fused: fused, whenTrue: false, depth: -1)!
                copyBranchValues(depth: depth)
                emitBranch(.br, depth: depth)
                placeLabel()
                patch(skip, to: code.count)
            } else {
                _ = emitConditionalBranch(condition: condition.source, fused: fused, whenTrue: true, depth: depth)
            }
        case .brTable(let targets, let defaultTarget):
            let index = pop()
            let all = targets.map(Int.init) + [Int(defaultTarget)]
            let start = code.count
            emit(instructionWord(.brTable, index.source, immediate: Int32(targets.count)))
            let table = code.count
            forgetAdd()
            code.append(contentsOf: repeatElement(0, count: all.count))
            lastResult = nil
            var stubs: [Int: Int] = [:]  // depth -> stub address
            for (i, depth) in all.enumerated() {
                if branchNeedsCopies(depth: depth) {
                    if let stub = stubs[depth] {
                        code[table + i] = UInt64(bitPattern: Int64(stub - start))
                        continue
                    }
                    let stub = code.count
                    stubs[depth] = stub
                    code[table + i] = UInt64(bitPattern: Int64(stub - start))
                    copyBranchValues(depth: depth)
                    emitBranch(.br, depth: depth)
                } else {
                    let target = controls.count - 1 - depth
                    let site = (instruction: start, word: table + i)
                    if controls[target].kind == .loop {
                        patch(site, to: controls[target].loopStart)
                    } else {
                        controls[target].pendingBranches.append(site)
                    }
                }
            }
            markUnreachable()
        case .return:
            emitReturn()
        case .call(let index):
            let typeIndex = module.functionTypeIndexSpace[Int(index)]
            let defined = Int(index) - module.importedFunctionCount
            if defined >= 0, let ownFunctions {
                let slot = UInt64(UInt(bitPattern: ownFunctions + defined))
                emitCall(module.types[Int(typeIndex)]) { frame in
                    [instructionWord(.callDirect, frame) | UInt64(index) << 32, slot]
                }
            } else {
                emitCall(module.types[Int(typeIndex)]) { frame in
                    [instructionWord(.call, frame), UInt64(index)]
                }
            }
        case .callIndirect(let typeIndex, let table):
            let index = pop()
            let typeID = typeIDs[Int(typeIndex)]
            emitCall(module.types[Int(typeIndex)]) { frame in
                [instructionWord(.callIndirect, frame, index.source), UInt64(UInt32(typeID)) | UInt64(table) << 32]
            }

        case .drop:
            pop()
        case .select, .typedSelect:
            let condition = pop()
            let second = pop()
            let first = pop()
            let home = push(first.type)
            emitResult(first.type == .v128 ? .select128 : .select, home, first.source, second.source,
                       extra: [UInt64(condition.source)])

        case .localGet(let index):
            pushReference(localTypes[Int(index)], slot: localSlots[Int(index)], isLocal: true)
        case .localSet(let index):
            setLocal(Int(index), keep: false)
        case .localTee(let index):
            setLocal(Int(index), keep: true)
        case .globalGet(let index):
            let type = module.globalTypeIndexSpace[Int(index)].valueType
            let home = push(type)
            emitResult(type == .v128 ? .globalGet128 : .globalGet, home)
            code[code.count - 1] |= UInt64(index) << 32
        case .globalSet(let index):
            let value = pop()
            emit(instructionWord(value.type == .v128 ? .globalSet128 : .globalSet, value.source, immediate: Int32(bitPattern: index)))
            lastResult = nil

        case .tableGet(let table):
            let index = pop()
            let home = push(.ref(module.tableTypeIndexSpace[Int(table)].elementType))
            emitResult(.tableGet, home, index.source, extra: [UInt64(table)])
        case .tableSet(let table):
            let value = pop()
            let index = pop()
            emitEffect(.tableSet, index.source, value.source, extra: [UInt64(table)])
        case .tableInit(let element, let table):
            let (d, s, n) = popThree()
            emitEffect(.tableInit, d, s, n, extra: [UInt64(element) | UInt64(table) << 32])
        case .elemDrop(let element):
            emitEffect(.elemDrop, extra: [UInt64(element)])
        case .tableCopy(let destination, let source):
            let (d, s, n) = popThree()
            emitEffect(.tableCopy, d, s, n, extra: [UInt64(destination) | UInt64(source) << 32])
        case .tableGrow(let table):
            let delta = pop()
            let value = pop()
            let home = push(.i32)
            emitResult(.tableGrow, home, value.source, delta.source, extra: [UInt64(table)])
        case .tableSize(let table):
            let home = push(.i32)
            emitResult(.tableSize, home, extra: [UInt64(table)])
        case .tableFill(let table):
            let (d, v, n) = popThree()
            emitEffect(.tableFill, d, v, n, extra: [UInt64(table)])

        case .load(let op, let memarg):
            let address = pop()
            if let (base, index) = takeAddressAddition(address) {
                let indexed = loadOpcode(op).indexed!
                if let scaled = indexed.scaled, let (base, index, shift) = takeIndexShift(base, index) {
                    if let displaced = scaled.displaced, let (base, displacement) = takeConstantAddition(writing: base) {
                        let home = push(op.valueType)
                        emitResult(displaced, home, base, index,
                                   extra: [memarg.offset | UInt64(shift) << 32, displacement & 0xFFFF_FFFF])
                    } else {
                        let home = push(op.valueType)
                        emitResult(scaled, home, base, index, extra: [memarg.offset | UInt64(shift) << 32])
                    }
                } else {
                    let home = push(op.valueType)
                    emitResult(indexed, home, base, index, extra: [memarg.offset])
                }
            } else {
                let home = push(op.valueType)
                emitResult(loadOpcode(op), home, address.source, extra: [memarg.offset])
            }
        case .store(let op, let memarg):
            let value = pop()
            let address = pop()
            if let b = takeLoadedAddition(value, address: address, offset: memarg.offset, store: storeOpcode(op)) {
                emitEffect(.f64AddLoadStore, address.source, b, extra: [memarg.offset])
            } else if let (fused, b, c) = takeStoredOperation(value, storeOpcode(op)) {
                emitEffect(fused, address.source, b, c, extra: [memarg.offset])
            } else if let (base, index) = takeAddressAddition(address) {
                let indexed = storeOpcode(op).indexed!
                if let scaled = indexed.scaled, let (base, index, shift) = takeIndexShift(base, index) {
                    emitEffect(scaled, base, index, value.source, extra: [memarg.offset | UInt64(shift) << 32])
                } else {
                    emitEffect(indexed, base, index, value.source, extra: [memarg.offset])
                }
            } else {
                emitEffect(storeOpcode(op), address.source, value.source, extra: [memarg.offset])
            }
        case .memorySize:
            let home = push(.i32)
            emitResult(.memorySize, home)
        case .memoryGrow:
            let delta = pop()
            let home = push(.i32)
            emitResult(.memoryGrow, home, delta.source)
        case .memoryInit(let data, _):
            let (d, s, n) = popThree()
            emitEffect(.memoryInit, d, s, n, extra: [UInt64(data)])
        case .dataDrop(let data):
            emitEffect(.dataDrop, extra: [UInt64(data)])
        case .memoryCopy:
            let (d, s, n) = popThree()
            emitEffect(.memoryCopy, d, s, n)
        case .memoryFill:
            let (d, v, n) = popThree()
            emitEffect(.memoryFill, d, v, n)

        case .i32Const(let v):
            pushReference(.i32, slot: scalarConstantSlots[UInt64(v)]!, isLocal: false)
        case .i64Const(let v):
            pushReference(.i64, slot: scalarConstantSlots[v]!, isLocal: false)
        case .f32Const(let v):
            pushReference(.f32, slot: scalarConstantSlots[UInt64(v)]!, isLocal: false)
        case .f64Const(let v):
            pushReference(.f64, slot: scalarConstantSlots[v]!, isLocal: false)
        case .v128Const(let v):
            pushReference(.v128, slot: vectorConstantSlots[v]!, isLocal: false)

        case .numeric(let op):
            let shape = NumericShape(op)
            if shape.isBinary {
                let rhs = pop()
                let lhs = pop()
                if let (fused, b, c, extra) = fuseProducer(into: Opcode(op), lhs: lhs, rhs: rhs) {
                    let home = push(shape.result)
                    emitResult(fused, home, b, c, extra: extra)
                } else {
                    let home = push(shape.result)
                    emitResult(Opcode(op), home, lhs.source, rhs.source)
                }
            } else if Opcode(op) == .copy {
                // A reinterpretation: the bits are already right, so the value stays where it is.
                let operand = pop()
                pushReference(shape.result, slot: operand.source, isLocal: operand.isLocal)
            } else {
                let operand = pop()
                let home = push(shape.result)
                emitResult(Opcode(op), home, operand.source)
            }

        case .refNull(let t):
            pushReference(.ref(t), slot: scalarConstantSlots[0]!, isLocal: false)
        case .refIsNull:
            let operand = pop()
            let home = push(.i32)
            emitResult(.i64Eqz, home, operand.source)  // null is 0
        case .refFunc(let index):
            let home = push(.funcref)
            emitResult(.refFunc, home, extra: [UInt64(index)])

        case .i8x16Shuffle(let lanes):
            let b = pop()
            let a = pop()
            let home = push(.v128)
            emitResult(.simdShuffle, home, a.source, b.source, extra: [lanes.low, lanes.high])
        case .simd(let op):
            translateSIMD(op)
        case .simdMemory(let op, let memarg):
            if op == .v128Store {
                let value = pop()
                let address = pop()
                emitEffect(.simdStore, address.source, value.source, extra: [memarg.offset])
            } else {
                let address = pop()
                let home = push(.v128)
                emitResult(.simdLoad, home, address.source, extra: [memarg.offset, UInt64(op.rawValue)])
            }
        case .simdLane(let op, let lane):
            let laneImmediate = UInt64(op.rawValue) | UInt64(lane) << 32
            switch SIMDSemantics.kind(of: op) {
            case .extractLane:
                let vector = pop()
                let home = push(simdLaneType(op))
                emitResult(.simdExtractLane, home, vector.source, extra: [laneImmediate])
            default:
                let scalar = pop()
                let vector = pop()
                let home = push(.v128)
                emitResult(.simdReplaceLane, home, vector.source, scalar.source, extra: [laneImmediate])
            }
        case .simdMemoryLane(let op, let memarg, let lane):
            let laneImmediate = UInt64(op.rawValue) | UInt64(lane) << 32
            if SIMDSemantics.kind(of: op) == .storeLane {
                let vector = pop()
                let address = pop()
                emitEffect(.simdStoreLane, address.source, vector.source, extra: [memarg.offset, laneImmediate])
            } else {
                let vector = pop()
                let address = pop()
                let home = push(.v128)
                emitResult(.simdLoadLane, home, address.source, vector.source, extra: [memarg.offset, laneImmediate])
            }
        }
    }

    /// If `operand` is the result of the last instruction emitted, written to the operand's stack home (so
    /// that only this consumer reads it), and `accept` takes that instruction: removes it and returns its
    /// words, for a fused instruction that computes the value itself and never writes the slot.
    mutating func takeProducer(of operand: Operand, other: Operand,
                               _ accept: (Opcode, UInt64) -> Bool) -> (Opcode, [UInt64])? {
        guard let last = lastResult, operand.source == operand.home, last.slot == operand.home,
              last.slot >= stackBase, other.source != last.slot,
              let producer = Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])),
              last.instruction + producer.size == code.count, accept(producer, code[last.instruction]) else { return nil }
        let words = Array(code[last.instruction...])
        code.removeSubrange(last.instruction...)
        forgetAdd()
        lastResult = nil
        resultBeforeLast = nil
        return (producer, words)
    }

    /// The value of `slot` if it is a constant's slot.
    func constantValue(_ slot: Int) -> UInt64? {
        slot >= localsEnd && slot < stackBase ? constants[slot - localsEnd] : nil
    }

    /// Whether `slot` is the constant i32 -1 (all 32 bits set).
    func isAllOnesConstant(_ slot: Int) -> Bool {
        constantValue(slot).map { $0 & 0xFFFF_FFFF == 0xFFFF_FFFF } ?? false
    }

    /// Word 1 of a fused instruction that takes over an indexed load (`words`): its offset in the low half and
    /// its index slot (the load's field C) in the high half.
    func indexedLoadExtra(_ words: [UInt64]) -> UInt64 {
        words[1] & 0xFFFF_FFFF | UInt64(fieldC(words[0])) << 32
    }

    /// Fuses the instruction that computed one operand of a binary `consumer` into it (Docs/Bytecode.md,
    /// "Superinstructions"), returning the fused opcode with its B and C fields and extra words:
    /// - a load: `f64MulLoad` and `f64AddLoad` (the loaded value must be the second operand: NaN
    ///   propagation follows operand order), `f64MulLoadIndexed`, `i32AddLoad(Indexed)` (either operand);
    /// - a shift or rotation by a constant into `xor`/`or`: `i32XorRotl` and the like (either operand);
    /// - `x ^ -1` into `and`: `i32AndNot` (either operand).
    mutating func fuseProducer(into consumer: Opcode, lhs: Operand, rhs: Operand) -> (Opcode, Int, Int, [UInt64])? {
        switch consumer {
        case .f64Mul, .f64Add:
            guard let (load, words) = takeProducer(of: rhs, other: lhs, { producer, _ in
                producer == .i64Load || (consumer == .f64Mul && producer == .i64LoadIndexed)
            }) else { return nil }
            if load == .i64LoadIndexed {
                return (.f64MulLoadIndexed, lhs.source, fieldB(words[0]), [indexedLoadExtra(words)])
            }
            return (consumer == .f64Mul ? .f64MulLoad : .f64AddLoad, lhs.source, fieldB(words[0]), [words[1]])
        case .i32Add:
            let isLoad: (Opcode, UInt64) -> Bool = { producer, _ in producer == .i32Load || producer == .i32LoadIndexed }
            for (loaded, other) in [(rhs, lhs), (lhs, rhs)] {
                guard let (load, words) = takeProducer(of: loaded, other: other, isLoad) else { continue }
                if load == .i32LoadIndexed {
                    return (.i32AddLoadIndexed, other.source, fieldB(words[0]), [indexedLoadExtra(words)])
                }
                return (.i32AddLoad, other.source, fieldB(words[0]), [words[1]])
            }
            return nil
        case .i32Xor, .i32Or:
            let isShiftByConstant: (Opcode, UInt64) -> Bool = { [self] producer, word in
                (producer == .i32Rotl || producer == .i32ShrU || producer == .i32Shl) && constantValue(fieldC(word)) != nil
            }
            for (shifted, other) in [(rhs, lhs), (lhs, rhs)] {
                guard let (shift, words) = takeProducer(of: shifted, other: other, isShiftByConstant) else { continue }
                let fused: Opcode = switch (consumer, shift) {
                case (.i32Xor, .i32Rotl): .i32XorRotl
                case (.i32Xor, .i32ShrU): .i32XorShrU
                case (.i32Xor, _): .i32XorShl
                case (_, .i32Rotl): .i32OrRotl
                case (_, .i32ShrU): .i32OrShrU
                default: .i32OrShl
                }
                return (fused, other.source, fieldB(words[0]), [constantValue(fieldC(words[0]))! & 31])
            }
            return nil
        case .i32And:
            let isNot: (Opcode, UInt64) -> Bool = { [self] producer, word in
                producer == .i32Xor && (isAllOnesConstant(fieldB(word)) || isAllOnesConstant(fieldC(word)))
            }
            for (inverted, other) in [(rhs, lhs), (lhs, rhs)] {
                guard let (_, words) = takeProducer(of: inverted, other: other, isNot) else { continue }
                // The inverted value is the xor's operand that is not the -1.
                let source = isAllOnesConstant(fieldC(words[0])) ? fieldB(words[0]) : fieldC(words[0])
                return (.i32AndNot, other.source, source, [])
            }
            return nil
        default:
            return nil
        }
    }

    /// `c[j] += v` for f64: if the value to store is an `f64AddLoad` just emitted (into an operand-stack slot
    /// only the store reads) that loaded from the store's own address slot and offset, removes it and
    /// returns its first operand, for `f64AddLoadStore` (one read-modify-write instead of a load, an add and
    /// a store). Nothing ran between the load and the store, so the address slot still holds the same value.
    mutating func takeLoadedAddition(_ value: Operand, address: Operand, offset: UInt64, store: Opcode) -> Int? {
        guard store == .i64Store, let last = lastResult, value.source == value.home, last.slot == value.home,
              last.slot >= stackBase, last.instruction == code.count - 2,
              Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) == .f64AddLoad,
              fieldC(code[last.instruction]) == address.source, code[last.instruction + 1] == offset,
              address.source != last.slot else { return nil }
        let b = fieldB(code[last.instruction])
        code.removeLast(2)
        forgetAdd()
        lastResult = nil
        resultBeforeLast = nil
        return b
    }

    /// If the value to store was just computed (the last instruction emitted) by an operation that has a
    /// fused form with `store` (`f64AddStore`, ...) into an operand-stack slot, removes the operation and
    /// returns the fused opcode and the operation's two operands. The stack slot was read only by the store,
    /// so the fused instruction does not write it. (A result retargeted to a local by `local.tee` is not on
    /// the stack, so it is never fused away.)
    mutating func takeStoredOperation(_ value: Operand, _ store: Opcode) -> (Opcode, Int, Int)? {
        if store == .i32Store { splitAddPair(writing: value.home) }  // only `i32AddStore` takes an addition
        guard let last = lastResult, value.source == value.home, last.slot == value.home, last.slot >= stackBase,
              last.instruction == code.count - 1,
              let producer = Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) else { return nil }
        let fused: Opcode
        switch (producer, store) {
        case (.f64Add, .i64Store): fused = .f64AddStore
        case (.f64Sub, .i64Store): fused = .f64SubStore
        case (.f64Mul, .i64Store): fused = .f64MulStore
        case (.i32Add, .i32Store): fused = .i32AddStore
        default: return nil
        }
        let word = code.removeLast()
        forgetAdd()
        lastResult = nil
        resultBeforeLast = nil
        return (fused, fieldB(word), fieldC(word))
    }

    /// If the address operand was just computed by an `i32.add` (the last instruction emitted), removes the add
    /// and returns its two operands, for an indexed access.
    mutating func takeAddressAddition(_ address: Operand) -> (Int, Int)? {
        splitAddPair(writing: address.home)
        guard let last = lastResult, address.source == address.home, last.slot == address.home,
              last.instruction == code.count - 1,
              Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) == .i32Add else { return nil }
        let word = code.removeLast()
        forgetAdd()
        // The instruction before the add is the last one again (it may be a shift `takeIndexShift` can fold).
        lastResult = resultBeforeLast
        resultBeforeLast = resultTwoBeforeLast
        resultTwoBeforeLast = nil
        return (fieldB(word), fieldC(word))
    }

    /// After `takeAddressAddition`: if one of the add's operands was computed by an `i32.shl` by a constant,
    /// emitted right before the add into an operand-stack slot (a value only the add read), removes the shift
    /// and returns the other operand as the base, the shifted value as the index, and the shift count, for a
    /// scaled access. (A shift written to a local is kept: the local's new value may be read later.)
    mutating func takeIndexShift(_ base: Int, _ index: Int) -> (base: Int, index: Int, shift: Int)? {
        guard let last = lastResult, last.instruction == code.count - 1, last.slot >= stackBase,
              Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) == .i32Shl else { return nil }
        let word = code[last.instruction]
        let amount = fieldC(word)
        guard amount >= localsEnd && amount < stackBase else { return nil }  // a constant's slot
        let shift = Int(constants[amount - localsEnd] & 31)
        let other: Int
        if index == last.slot {
            other = base
        } else if base == last.slot {
            other = index
        } else {
            return nil
        }
        code.removeLast()
        forgetAdd()
        // The instruction before the shift is the last one again (it may be the `x + K` of the base).
        lastResult = resultBeforeLast
        resultBeforeLast = nil
        resultTwoBeforeLast = nil
        return (other, fieldB(word), shift)
    }

    /// After `takeIndexShift`: if the instruction now last is an `i32Add` of a constant written to
    /// operand-stack slot `slot` (the scaled access's base, a value only the removed address addition read),
    /// removes it and returns its other operand and the constant, for a displaced scaled load. The result
    /// chain (`lastResult`, restored by the two removals) says where that instruction starts; reading the
    /// last code word instead could mistake another instruction's immediate (a load's offset) for it.
    mutating func takeConstantAddition(writing slot: Int) -> (Int, UInt64)? {
        if let last = lastResult, isAddPairResult(last) {
            // Split the pair only if its second addition has a constant operand (otherwise nothing is fused).
            let second = code[last.instruction + 1]
            guard constantValue(Int((second >> 16) & 0xFFFF)) != nil || constantValue(Int((second >> 32) & 0xFFFF)) != nil
            else { return nil }
            splitAddPair(writing: slot)
        }
        guard slot >= stackBase, let last = lastResult, last.slot == slot, last.instruction == code.count - 1,
              Opcode(rawValue: UInt16(truncatingIfNeeded: code[last.instruction])) == .i32Add
        else { return nil }
        let word = code[last.instruction]
        let other: Int
        let constant: UInt64
        if let value = constantValue(fieldC(word)) {
            (other, constant) = (fieldB(word), value)
        } else if let value = constantValue(fieldB(word)) {
            (other, constant) = (fieldC(word), value)
        } else {
            return nil
        }
        guard other != slot else { return nil }
        code.removeLast()
        forgetAdd()
        lastResult = nil
        resultBeforeLast = nil
        resultTwoBeforeLast = nil
        return (other, constant)
    }

    mutating func popThree() -> (Int, Int, Int) {
        let c = pop()
        let b = pop()
        let a = pop()
        return (a.source, b.source, c.source)
    }

    mutating func emitEffect(_ opcode: Opcode, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, extra: [UInt64] = []) {
        forgetAdd()
        code.append(instructionWord(opcode, a, b, c))
        code.append(contentsOf: extra)
        lastResult = nil
    }

    mutating func setLocal(_ index: Int, keep: Bool) {
        let slot = localSlots[index]
        let type = localTypes[index]
        let value = operands[operands.count - 1]
        if pristineLocals.contains(slot), let zero = scalarConstantSlots[0], value.source == zero {
            // The local still holds its initial zero: nothing to do (and nothing emitted, so the last
            // instruction stays the fusion candidate it was).
            pop()
            if keep { pushReference(type, slot: slot, isLocal: true) }
            return
        }
        pristineLocals.remove(slot)
        // Retarget: the value was just computed into its home by the previous instruction; have that
        // instruction write the local instead. Only if nothing else on the stack still reads the old value.
        if let last = lastResult, value.source == value.home, last.slot == value.home,
           !operands.dropLast().contains(where: { $0.isLocal && $0.source == slot }) {
            if isAddPairResult(last) {
                // The result is the second addition of an `i32Add2`: its destination is in word 1.
                code[last.instruction + 1] = (code[last.instruction + 1] & ~0xFFFF) | UInt64(slot)
            } else {
                code[last.instruction] = (code[last.instruction] & ~(0xFFFF << 16)) | UInt64(slot) << 16
            }
            lastResult = (last.instruction, slot)
            pop()
        } else {
            pop()
            preserveReferences(toLocal: slot)
            emitCopy(to: slot, from: value.source, type: type)
        }
        preserveReferences(toLocal: slot)
        if keep { pushReference(type, slot: slot, isLocal: true) }
        if !keep { lastResult = nil }
    }

    /// Calls: arguments are moved to their homes, which become the callee's parameter slots; the callee's
    /// frame starts at the first argument, and its results come back in the same place.
    mutating func emitCall(_ callee: FunctionType, _ words: (Int) -> [UInt64]) {
        let count = callee.parameters.count
        materializeTop(count)
        let frame = count > 0 ? operands[operands.count - count].home : stackBase + height
        for _ in 0..<count { pop() }
        forgetAdd()
        code.append(contentsOf: words(frame))
        lastResult = nil
        for result in callee.results { _ = push(result) }
        // The callee's results may need more slots than the arguments did.
        let resultSlots = callee.results.reduce(0) { $0 + $1.slotCount }
        maxHeight = max(maxHeight, frame - stackBase + resultSlots)
    }

    mutating func translateSIMD(_ op: SIMDOpcode) {
        let immediate = [UInt64(op.rawValue)]
        switch SIMDSemantics.kind(of: op) {
        case .binary:
            let b = pop()
            let a = pop()
            let home = push(.v128)
            emitResult(.simdBinary, home, a.source, b.source, extra: immediate)
        case .ternary:
            let mask = pop()
            let b = pop()
            let a = pop()
            let home = push(.v128)
            emitResult(.simdBitselect, home, a.source, b.source, extra: [UInt64(mask.source)])
        case .shift:
            let count = pop()
            let a = pop()
            let home = push(.v128)
            emitResult(.simdShift, home, a.source, count.source, extra: immediate)
        case .test:
            let a = pop()
            let home = push(.i32)
            emitResult(.simdTest, home, a.source, extra: immediate)
        case .splat:
            let a = pop()
            let home = push(.v128)
            emitResult(.simdSplat, home, a.source, extra: immediate)
        default:  // unary
            let a = pop()
            let home = push(.v128)
            emitResult(.simdUnary, home, a.source, extra: immediate)
        }
    }

    func simdLaneType(_ op: SIMDOpcode) -> ValueType {
        switch op {
        case .i64x2ExtractLane: .i64
        case .f32x4ExtractLane: .f32
        case .f64x2ExtractLane: .f64
        default: .i32
        }
    }

    func loadOpcode(_ op: MemoryOpcode) -> Opcode {
        switch op {
        case .i32Load, .f32Load: .i32Load
        case .i64Load, .f64Load: .i64Load
        case .i32Load8S: .i32Load8S
        case .i32Load8U: .i32Load8U
        case .i32Load16S: .i32Load16S
        case .i32Load16U: .i32Load16U
        case .i64Load8S: .i64Load8S
        case .i64Load8U: .i32Load8U      // zero-extension is the same at both widths
        case .i64Load16S: .i64Load16S
        case .i64Load16U: .i32Load16U
        case .i64Load32S: .i64Load32S
        case .i64Load32U: .i32Load
        default: .unreachable
        }
    }

    func storeOpcode(_ op: MemoryOpcode) -> Opcode {
        switch op {
        case .i32Store, .f32Store, .i64Store32: .i32Store
        case .i64Store, .f64Store: .i64Store
        case .i32Store8, .i64Store8: .i32Store8
        case .i32Store16, .i64Store16: .i32Store16
        default: .unreachable
        }
    }
}

/// Operand count and result type of a numeric instruction, from its opcode's position in the opcode table.
struct NumericShape {
    var isBinary: Bool
    var result: ValueType

    init(_ op: NumericOpcode) {
        let r = op.rawValue
        switch r {
        case 0x45, 0x50: (isBinary, result) = (false, .i32)               // eqz
        case 0x46...0x4F, 0x51...0x5A, 0x5B...0x66: (isBinary, result) = (true, .i32)  // comparisons
        case 0x67...0x69: (isBinary, result) = (false, .i32)
        case 0x6A...0x78: (isBinary, result) = (true, .i32)
        case 0x79...0x7B: (isBinary, result) = (false, .i64)
        case 0x7C...0x8A: (isBinary, result) = (true, .i64)
        case 0x8B...0x91: (isBinary, result) = (false, .f32)
        case 0x92...0x98: (isBinary, result) = (true, .f32)
        case 0x99...0x9F: (isBinary, result) = (false, .f64)
        case 0xA0...0xA6: (isBinary, result) = (true, .f64)
        case 0xA7...0xAB: (isBinary, result) = (false, .i32)
        case 0xAC...0xB1: (isBinary, result) = (false, .i64)
        case 0xB2...0xB6: (isBinary, result) = (false, .f32)
        case 0xB7...0xBB: (isBinary, result) = (false, .f64)
        case 0xBC: (isBinary, result) = (false, .i32)
        case 0xBD: (isBinary, result) = (false, .i64)
        case 0xBE: (isBinary, result) = (false, .f32)
        case 0xBF: (isBinary, result) = (false, .f64)
        case 0xC0, 0xC1: (isBinary, result) = (false, .i32)
        case 0xC2...0xC4: (isBinary, result) = (false, .i64)
        case 0xFC00...0xFC03: (isBinary, result) = (false, .i32)
        default: (isBinary, result) = (false, .i64)                      // 0xFC04...0xFC07
        }
    }
}
