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

        var argumentError: Trap?
        let base = try runFrame(entry) { slots in
            do throws(Trap) { try Interpreter.writeValues(arguments, types: type.parameters, to: slots, store: self) } catch {
                argumentError = error
            }
        }
        if let argumentError { throw argumentError }
        return Interpreter.readValues(type.results, from: base, store: self)
    }

    /// Calls a Wasm function whose first result is one slot, with arguments written by `writeArguments`
    /// straight into the callee's parameter slots; returns that result's bits.
    func invokeReturningBits(_ entry: UnsafeMutablePointer<FunctionEntry>,
                             writeArguments: (UnsafeMutablePointer<UInt64>) -> Void) throws(Trap) -> UInt64 {
        if entry.pointee.host != nil {
            // Host functions take the boxed path.
            let type = TypeRegistry.shared.type(of: entry.pointee.typeID)
            let base = UnsafeMutablePointer<UInt64>.allocate(capacity: max(type.parameters.count * 2, 1))
            defer { base.deallocate() }
            writeArguments(base)
            let arguments = Interpreter.readValues(type.parameters, from: base, store: self)
            return raw(from: try invoke(entry, arguments)[0])
        }
        return try runFrame(entry, writeArguments: writeArguments).pointee
    }

    /// Runs a Wasm function; returns the slots holding its results (valid until the next call).
    func runFrame(_ entry: UnsafeMutablePointer<FunctionEntry>,
                  writeArguments: (UnsafeMutablePointer<UInt64>) -> Void) throws(Trap) -> UnsafeMutablePointer<UInt64> {
        // Each host→Wasm call nested inside a Wasm→host call runs a new dispatch on the native stack; bound
        // the nesting so a guest that recurses through a host function traps instead of overflowing it.
        guard activationDepth < Store.maximumActivationDepth else { throw Trap(.callStackExhausted) }
        activationDepth += 1
        defer { activationDepth -= 1 }
        let stack = self.stack
        let base = valueTop ?? stack.values
        let frameBase = frameTop ?? stack.frames
        try Interpreter.ensureTranslated(entry)
        let compiled = entry.pointee.code!.pointee
        guard base + compiled.frameSize <= stack.valuesEnd, frameBase < stack.framesEnd else {
            throw Trap(.callStackExhausted)
        }
        writeArguments(base)
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
        return base
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
