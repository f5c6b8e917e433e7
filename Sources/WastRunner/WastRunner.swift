// Runs .wast spec scripts (converted by wast2json) against WasmVM.
