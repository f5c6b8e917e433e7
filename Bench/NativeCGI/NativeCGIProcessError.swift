/// Why a native program could not be run (as opposed to running and failing, which is a response).
public struct NativeCGIProcessError: Error, CustomStringConvertible {
    public var description: String
}
