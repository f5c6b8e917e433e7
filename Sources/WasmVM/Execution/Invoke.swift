extension Store {
    func invoke(_ entry: UnsafeMutablePointer<FunctionEntry>, _ arguments: [Value]) throws(Trap) -> [Value] {
        fatalError("interpreter not written yet")
    }
}
