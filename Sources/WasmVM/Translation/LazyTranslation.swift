import Synchronization

extension Module {
    /// Translates one of the module's functions on its first call (tier 0).
    ///
    /// Translation runs under the module's lock so two stores calling the same function for the first time
    /// translate it once; the finished code pointer is published last, so a reader that sees it non-nil also
    /// sees the frame layout written before it.
    func translate(_ slot: UnsafeMutablePointer<CompiledFunction>) throws(Trap) {
        try translationLock.withLock { _ throws(Trap) in
            guard slot.pointee.code == nil else { return }
            let index = Int(slot.pointee.functionIndex)
            let output = try FunctionTranslator.translate(module: definition, typeIDs: typeIDs, functionIndex: index,
                                                          ownFunctions: compiled)
            let code = UnsafeMutablePointer<UInt64>.allocate(capacity: output.code.count)
            code.initialize(from: output.code, count: output.code.count)
            if !output.constants.isEmpty {
                let constants = UnsafeMutablePointer<UInt64>.allocate(capacity: output.constants.count)
                constants.initialize(from: output.constants, count: output.constants.count)
                slot.pointee.constants = constants
            }
            slot.pointee.constantCount = output.constants.count
            let template = Array(repeating: UInt64(0), count: output.localSlots) + output.constants
            let frameTemplate = UnsafeMutablePointer<UInt64>.allocate(capacity: max(template.count, 1))
            frameTemplate.initialize(from: template, count: template.count)
            slot.pointee.frameTemplate = frameTemplate
            slot.pointee.frameTemplateCount = template.count
            slot.pointee.constantsOffset = output.constantsOffset
            slot.pointee.parameterSlots = output.parameterSlots
            slot.pointee.localSlots = output.localSlots
            slot.pointee.frameSize = output.frameSize
            slot.pointee.codeCount = output.code.count
            atomicPublish(slot, code)
        }
    }

    /// Stores the code pointer after everything else, behind a release fence: another thread that reads a
    /// non-nil pointer then finds the frame layout fields written. (The reading side is a plain load; that is
    /// enough on x86-64, whose loads are not reordered with other loads.)
    private func atomicPublish(_ slot: UnsafeMutablePointer<CompiledFunction>, _ code: UnsafeMutablePointer<UInt64>) {
        atomicMemoryFence(ordering: .releasing)
        slot.pointee.code = code
    }
}
