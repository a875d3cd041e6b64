// check-rules: StorPortSpinLock, StorPortSpinLock3, StorPortSpinLock4
// expect-status: StorPortSpinLock=pass, StorPortSpinLock3=pass, StorPortSpinLock4=pass
// expect-kind: virtual
/*
 * A virtual miniport with a goto-cleanup StartIo that gets the locking right. StartIo
 * takes the StartIo lock (Storport holds none for a virtual miniport's StartIo) and
 * records that in a local `locked`; three error exits `goto Cleanup` -- two before the
 * acquire, one after it -- and Cleanup releases only when `locked` is TRUE. The request
 * forwarding helper allocates nothing and takes no lock. On every path the release
 * happens exactly when the acquire did, and nothing is held at the exit: pass for all
 * three rules.
 */

#include <ntddk.h>
#include <storport.h>

#define VG_TARGETS 8

typedef struct _VG_TARGET {
    BOOLEAN Online;
    ULONG Inflight;
} VG_TARGET, *PVG_TARGET;

typedef struct _VG_EXT {
    PVOID LowerDevice;
    VG_TARGET Target[VG_TARGETS];
    ULONG Forwarded;
} VG_EXT, *PVG_EXT;

static BOOLEAN
VgForward(PVG_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    if (Ext->LowerDevice == NULL) {
        return FALSE;
    }
    Ext->Forwarded++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

ULONG
VgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVG_EXT ext = (PVG_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LowerDevice = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfTargets = VG_TARGETS;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VgInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVG_EXT ext = (PVG_EXT)DeviceExtension;
    STOR_LOCK_HANDLE targetHandle;
    BOOLEAN locked = FALSE;
    PVG_TARGET target;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        goto Cleanup;
    }
    if (Srb->TargetId >= VG_TARGETS) {
        Srb->SrbStatus = SRB_STATUS_INVALID_TARGET_ID;
        goto Cleanup;
    }
    target = &ext->Target[Srb->TargetId];
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &targetHandle);  // ok: StorPortSpinLock, StorPortSpinLock3
    locked = TRUE;
    if (!target->Online) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        goto Cleanup;
    }
    target->Inflight++;
    Srb->SrbStatus = VgForward(ext, Srb) ? SRB_STATUS_PENDING : SRB_STATUS_ERROR;

Cleanup:
    if (locked) {
        StorPortReleaseSpinLock(ext, &targetHandle);  // ok: StorPortSpinLock, StorPortSpinLock4
    }
    if (Srb->SrbStatus != SRB_STATUS_PENDING) {
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;  // ok: StorPortSpinLock
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VG_EXT);
    init.HwFindAdapter = VgFindAdapter;
    init.HwInitialize = VgInitialize;
    init.HwStartIo = VgStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
