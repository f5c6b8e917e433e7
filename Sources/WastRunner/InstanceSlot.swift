import WasmVM

/// Where the session keeps one instantiated module, shared by every name that refers to it.
///
/// A module command binds its instance both as the current module and (with `$name`) under its name. In the
/// snapshot round-trip mode (``WastRunner/snapshotBeforeEachAction``) the instance behind those references is
/// replaced by a restored copy before each action; one slot per instance makes both references see the
/// replacement, without comparing instances (``Instance`` has no identity of its own).
final class InstanceSlot {
    var instance: Instance
    /// Whether the instance's exports were registered for import. Other instances may then have linked to
    /// its memory, tables, globals or functions, so it must stay the live one (a restored copy would not be
    /// what they linked to).
    var isRegistered = false

    init(_ instance: Instance) { self.instance = instance }
}
