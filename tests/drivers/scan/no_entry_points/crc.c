/*
 * A helper library with no entry point: no DriverEntry, no role type, no registration.
 * Names and strings that merely mention entry points do not count. Scanning it alone is
 * an input error that says how to declare one.
 */
// expect-error: no entry point

#include <ntddk.h>

static const char NnBanner[] = "DriverEntry HW_STARTIO HwFindAdapter";

/* Called from the real driver's DriverEntry; HW_FIND_ADAPTER callers use NnCrc32. */
ULONG
NnCrc32(_In_reads_bytes_(Length) const UCHAR *Data, _In_ ULONG Length)
{
    ULONG crc = 0xFFFFFFFF;
    ULONG i;
    int bit;

    for (i = 0; i < Length; i++) {
        crc ^= Data[i];
        for (bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
        }
    }
    return ~crc;
}

NTSTATUS
DriverEntryHelper(_In_ PUNICODE_STRING RegistryPath)
{
    return RegistryPath->Length != 0 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

BOOLEAN
NnStartIoCheck(_In_ PVOID Buffer, _In_ ULONG Length)
{
    return NnCrc32((const UCHAR *)Buffer, Length) != 0 && NnBanner[0] != '\0';
}
