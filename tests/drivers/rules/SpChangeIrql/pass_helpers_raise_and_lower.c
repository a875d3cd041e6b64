// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=pass
// expect-kind: physical
/*
 * The near miss of workitem_helper_lock_not_released.c: helpers raise and lower for the
 * caller (a raise helper returning the old level, a lower helper taking it), and the
 * work item unlocks on both branches.
 */
#include <storport.h>

typedef struct _HB_EXT {
    PVOID Worker;
    ULONG Busy;
} HB_EXT, *PHB_EXT;

static KIRQL
HbRaise(VOID)
{
    return KeRaiseIrqlToDpcLevel();
}

static VOID
HbLower(KIRQL Old)
{
    KeLowerIrql(Old);
}

VOID
HbWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PHB_EXT ext = (PHB_EXT)DeviceExtension;
    KIRQL old = HbRaise();

    if (ext->Busy != 0) {
        HbLower(old);
        return;                                             // ok: SpChangeIrql
    }
    ext->Busy = 1;
    HbLower(old);
}                                                           // ok: SpChangeIrql

ULONG
HbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHB_EXT ext = (PHB_EXT)DeviceExtension;

    ext->Busy = StorPortReadRegisterUlong(ext, (PULONG)HwContext);
    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    StorPortQueueWorkItem(ext, HbWork, ext->Worker, NULL);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HbInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(HB_EXT);
    init.HwFindAdapter = HbFindAdapter;
    init.HwInitialize = HbInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
