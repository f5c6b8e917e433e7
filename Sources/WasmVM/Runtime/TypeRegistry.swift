import Synchronization

/// Interns function types process-wide, so two signatures are equal exactly when their ids are.
///
/// `call_indirect` compares the callee's type id with the expected one — one integer compare instead of
/// comparing parameter and result arrays on every indirect call. Ids are process-wide (not per store) so
/// the module-level translated code can embed them and be shared by all stores and threads.
final class TypeRegistry: Sendable {
    static let shared = TypeRegistry()

    private let state = Mutex<(ids: [FunctionType: Int], types: [FunctionType])>(([:], []))

    func id(of type: FunctionType) -> Int {
        state.withLock { state in
            if let id = state.ids[type] { return id }
            let id = state.types.count
            state.ids[type] = id
            state.types.append(type)
            return id
        }
    }

    func type(of id: Int) -> FunctionType {
        state.withLock { $0.types[id] }
    }
}
