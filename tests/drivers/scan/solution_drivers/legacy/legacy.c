/* A driver the solution's Release|x64 does not build (no Build.0): never analysed. */
#include <storport.h>

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    return StorPortInitialize(DriverObject, RegistryPath, NULL, NULL);
}
