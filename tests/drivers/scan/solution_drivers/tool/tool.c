/* The solution's user-mode tool (an Application project): never analysed. */
#include <windows.h>

int main(void)
{
    return 0;
}
