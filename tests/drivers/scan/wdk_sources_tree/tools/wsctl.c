/* A user-mode tool with no sources file: the dirs walk does not build it. */
int main(void) { return 0; }
