extension Store {
    /// Calls a function from the host: arguments go into the value stack, a frame whose return address is
    /// `halt` is pushed, and the dispatch loop runs until that frame returns.
    func invoke(_ entry: UnsafeMutablePointer<FunctionEntry>, _ arguments: [Value]) throws(Trap) -> [Value] {
        let type = TypeRegistry.shared.type(of: entry.pointee.typeID)
        guard arguments.count == type.parameters.count,
              zip(arguments, type.parameters).allSatisfy({ $0.type == $1 })
        else {
            throw Trap(.invalidArguments("expected \(type.parameters), got \(arguments.map(\.type))"))
        }
        if let host = entry.pointee.host {
            let function = host.takeUnretainedValue().function
            do {
                return try function.body(Caller(store: self, instance: nil), arguments)
            } catch let trap as Trap {
                throw trap
            } catch {
                throw Trap(.host(error))
            }
        }

        let stack = self.stack
        let base = valueTop ?? stack.values
        let frameBase = frameTop ?? stack.frames
        try Interpreter.ensureTranslated(entry)
        let compiled = entry.pointee.code!.pointee
        let resultSlots = type.results.reduce(0) { $0 + $1.slotCount }
        guard base + max(compiled.frameSize, resultSlots) <= stack.valuesEnd, frameBase < stack.framesEnd else {
            throw Trap(.callStackExhausted)
        }
        try Interpreter.writeValues(arguments, types: type.parameters, to: base, store: self)
        let context = entry.pointee.context!
        frameBase.initialize(to: CallFrame(returnPC: Interpreter.haltCode, sp: base, context: context, callee: entry))
        Interpreter.copyTemplate(compiled.frameTemplate, to: base + compiled.parameterSlots,
                                 count: compiled.frameTemplateCount)
        let saved = (valueTop, frameTop)
        defer { (valueTop, frameTop) = saved }
        let exit = Interpreter.dispatch(pc: compiled.code!, sp: base, fp: frameBase + 1, context: context,
                                        stack: stack, store: self)
        if exit.trap != .none {
            var trap = exit.hostError ?? Trap(exit.trap.reason)
            if trap.stackTrace.isEmpty { trap.stackTrace = stackTrace(from: frameBase, to: exit.fp) }
            throw trap
        }
        return Interpreter.readValues(type.results, from: base, store: self)
    }

    /// The active Wasm functions between two frame pointers, innermost first.
    func stackTrace(from base: UnsafeMutablePointer<CallFrame>, to top: UnsafeMutablePointer<CallFrame>) -> [Trap.Frame] {
        var frames: [Trap.Frame] = []
        var frame = top - 1
        while frame >= base {
            let callee = frame.pointee.callee
            let index = callee.pointee.functionIndex
            let name = callee.pointee.context?.pointee.instance.takeUnretainedValue().functionName(index)
            frames.append(Trap.Frame(functionIndex: index, functionName: name))
            frame -= 1
        }
        return frames
    }
}
