// Placeholder: the native php-cgi baseline server is being written.
print("native-cgi-server: not implemented yet")
