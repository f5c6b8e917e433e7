// Placeholder: the per-request PHP benchmark is being written.
print("php-request-bench: not implemented yet")
