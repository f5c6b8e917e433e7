import WasmVM

/// A C reactor whose state advances one `step()` at a time, for snapshots taken in the middle of a computation.
///
/// Every kind of state a snapshot must carry moves on each step: a xorshift PRNG and a running hash in static
/// data, a history array on the heap grown with `realloc`, a block allocated every few steps (so memory grows
/// page by page across steps), calls through a function-pointer table chosen by the data (`call_indirect`),
/// and `printf` output that sits unflushed in libc's stdout buffer between calls — a snapshot must take
/// the buffered text along, and `finish()` flushes it.
enum SteppedGuest {
    static let source = """
    #include <stdint.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    typedef uint64_t (*mixer)(uint64_t, uint64_t);
    static uint64_t mix_add(uint64_t a, uint64_t b) { return a + b * 0x9E3779B97F4A7C15ull; }
    static uint64_t mix_xor(uint64_t a, uint64_t b) { return (a ^ b) * 0xBF58476D1CE4E5B9ull; }
    static uint64_t mix_rotate(uint64_t a, uint64_t b) { return ((a << 17) | (a >> 47)) ^ b; }
    static mixer mixers[3] = {mix_add, mix_xor, mix_rotate};
    static uint64_t prng = 0x243F6A8885A308D3ull, digest = 14695981039346656037ull;
    static uint32_t *history;
    static size_t count, capacity;
    static unsigned char *blocks[64];
    static size_t block_count;

    __attribute__((export_name("step"))) uint64_t step(void) {
        prng ^= prng << 13; prng ^= prng >> 7; prng ^= prng << 17;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            history = realloc(history, capacity * sizeof *history);
        }
        history[count++] = (uint32_t)(prng >> 11);
        for (size_t i = count > 8 ? count - 8 : 0; i < count; i++)
            digest = mixers[history[i] % 3](digest, history[i]);
        if (count % 5 == 0 && block_count < 64) {
            unsigned char *block = malloc(40000);
            memset(block, (int)(digest & 0xff), 40000);
            blocks[block_count++] = block;
        }
        for (size_t b = 0; b < block_count; b++) {
            blocks[b][(digest >> 8) % 40000] ^= (unsigned char)count;
            digest += blocks[b][(prng >> 16) % 40000];
        }
        if (count % 3 == 0) printf("step %zu digest %016llx\\n", count, (unsigned long long)digest);
        return digest;
    }

    __attribute__((export_name("finish"))) int finish(void) {
        fflush(stdout);
        return (int)count;
    }
    """

    static func module() throws -> Module {
        try GuestCompiler.reactor(inline: [("stepped.c", source)])
    }
}
