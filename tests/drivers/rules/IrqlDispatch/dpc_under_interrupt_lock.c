// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * The DPC (DISPATCH_LEVEL) takes Storport's interrupt lock, which raises to DIRQL, and a
 * helper then calls IoStartNextPacket: above DISPATCH_LEVEL. After the release the level
 * is DISPATCH_LEVEL again and the same helper is fine (a later call on the same path
 * would not be reported anyway: the path stops at the first violation).
 */
#include <storport.h>

typedef struct _IL_EXT {
    PDEVICE_OBJECT Device;
    STOR_DPC Dpc;
    ULONG Pending;
} IL_EXT, *PIL_EXT;

static VOID
IlKick(PIL_EXT Ext)
{
    IoStartNextPacket(Ext->Device, FALSE);                  // expect: IrqlDispatch
}

VOID
IlDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PIL_EXT ext = (PIL_EXT)DeviceExtension;
    STOR_LOCK_HANDLE handle;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &handle);
    if (ext->Pending != 0) {
        IlKick(ext);
    }
    StorPortReleaseSpinLock(ext, &handle);
}

ULONG
IlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PIL_EXT ext = (PIL_EXT)DeviceExtension;

    ext->Pending = StorPortReadRegisterUlong(ext, (PULONG)HwContext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IlInitialize(PVOID DeviceExtension)
{
    PIL_EXT ext = (PIL_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, IlDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(IL_EXT);
    init.HwFindAdapter = IlFindAdapter;
    init.HwInitialize = IlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
