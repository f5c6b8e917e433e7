/// Translates between the host's directory positions and the `fd_readdir` cookies a guest sees.
///
/// Host positions (`d_off`) are stable while the directory changes, which is what cookies must be, but on ext4
/// they are 63-bit hashes, and wasi-libc stores a cookie in a 32-bit `long` for `telldir`/`seekdir`, so handing
/// them out directly breaks `seekdir`. Each directory descriptor therefore numbers the host positions it has
/// handed out 1, 2, 3… (0 is the start): small, and exactly as stable as the host's.
struct DirectoryCookies {
    private var hostPositions: [Int] = []
    private var cookieByPosition: [Int: UInt64] = [:]

    /// The host position a guest cookie stands for; nil for 0 (the start); `invalid` for a cookie never issued.
    func hostPosition(for cookie: UInt64) throws(WASIErrno) -> Int? {
        if cookie == 0 { return nil }
        guard cookie <= UInt64(hostPositions.count) else { throw .invalid }
        return hostPositions[Int(cookie - 1)]
    }

    /// The guest cookie for a host position, issuing a new one the first time.
    mutating func cookie(for position: Int) -> UInt64 {
        if let cookie = cookieByPosition[position] { return cookie }
        hostPositions.append(position)
        let cookie = UInt64(hostPositions.count)
        cookieByPosition[position] = cookie
        return cookie
    }
}
