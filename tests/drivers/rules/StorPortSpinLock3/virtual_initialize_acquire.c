// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=defect, StorPortSpinLock=pass
// expect-kind: virtual
/*
 * A virtual miniport's HwStorInitialize takes a lock. For a virtual miniport Storport
 * calls HwStorInitialize at PASSIVE_LEVEL holding no lock (it has no interrupt), but
 * HwStorInitialize may still take no Storport lock at all. The initialize routine resets
 * the per-target request counters under the StartIo lock through a helper shared with
 * HwStorStartIo: reported at the helper's acquire on the initialization path (every
 * path goes through HwStorInitialize, so that path stops there and the StartIo callback
 * is never reached with the same acquire; it would be fine there -- a virtual
 * miniport's StartIo may take the StartIo lock). StorPortSpinLock sees a balanced
 * acquire/release and passes.
 */

#include <ntddk.h>
#include <storport.h>

#define VI_TARGETS 4

typedef struct _VI_EXT {
    PVOID LowerDevice;
    ULONG Requests[VI_TARGETS];
} VI_EXT, *PVI_EXT;

static VOID
ViCountRequest(PVI_EXT Ext, ULONG Target, BOOLEAN Reset)
{
    STOR_LOCK_HANDLE countHandle;
    ULONG t;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &countHandle);  // expect: StorPortSpinLock3  // ok: StorPortSpinLock
    if (Reset) {
        for (t = 0; t < VI_TARGETS; t++) {
            Ext->Requests[t] = 0;
        }
    } else {
        Ext->Requests[Target % VI_TARGETS]++;
    }
    StorPortReleaseSpinLock(Ext, &countHandle);  // ok: StorPortSpinLock
}

ULONG
ViFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVI_EXT ext = (PVI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LowerDevice = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfTargets = VI_TARGETS;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
ViInitialize(PVOID DeviceExtension)
{
    ViCountRequest((PVI_EXT)DeviceExtension, 0, TRUE);
    return TRUE;
}

BOOLEAN
ViStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    ViCountRequest((PVI_EXT)DeviceExtension, Srb->TargetId, FALSE);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VI_EXT);
    init.HwFindAdapter = ViFindAdapter;
    init.HwInitialize = ViInitialize;
    init.HwStartIo = ViStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
