/*
 * Shared opening of the SrbProcessing, DDIUsage, Warning and Extended test drivers: the
 * WDK header and a device extension most of them use. A test includes this first, defines
 * the routines it is about, and includes _skel_end.h last, which supplies the routines it
 * did not define (SKEL_OWN_<ROUTINE> says it did) and a DriverEntry registering them.
 */
#include <storport.h>

typedef struct _SKEL_EXT {
    ULONG Flags;
    ULONG Count;
    PUCHAR Registers;
    PVOID Buffer;
    PVOID Spare;
    PSCSI_REQUEST_BLOCK Active;
    PSCSI_REQUEST_BLOCK Pending;
    BOOLEAN Restarting;
    BOOLEAN Ready;
    STOR_DPC CompletionDpc;
} SKEL_EXT, *PSKEL_EXT;
