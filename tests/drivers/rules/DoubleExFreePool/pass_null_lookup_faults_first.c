// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * A lookup helper returns NULL for a queue number out of range, and StartIo trusts the
 * number (the port driver only sends valid ones) and uses the ring without a check. On
 * the path where the lookup fails, the first `ring->Buffer` already faults: nothing after
 * it happens. The rest is the correct free-and-clear idiom.
 *
 * Known gap: the analysis carries on past a dereference of NULL (a read through it is an
 * unknown value, a store through it goes nowhere), so on the failed-lookup path the
 * unknown `ring->Buffer` is "freed" twice. Ending the path there instead is right for
 * this driver, but the memory model still produces zeros that are not NULL pointers in
 * the running driver (members of WDK structures that are arrays, elements written in an
 * earlier iteration of a loop at an index named like this iteration's), and ending those
 * paths would lose real defects.
 */

#include <ntddk.h>
#include <storport.h>

#define NL_TAG    'lNdD'
#define NL_QUEUES 4

typedef struct _NL_RING {
    PVOID Buffer;
    ULONG Posted;
} NL_RING, *PNL_RING;

typedef struct _NL_EXTENSION {
    ULONG RingCount;
    NL_RING Rings[NL_QUEUES];
} NL_EXTENSION, *PNL_EXTENSION;

static PNL_RING
NlLookup(PNL_EXTENSION Ext, ULONG Queue)
{
    if (Queue >= Ext->RingCount) {
        return NULL;
    }
    return &Ext->Rings[Queue];
}

BOOLEAN
NlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNL_EXTENSION ext = DeviceExtension;
    PNL_RING ring = NlLookup(ext, Srb->QueueTag);

    ExFreePoolWithTag(ring->Buffer, NL_TAG);
    ring->Buffer = NULL;
    ring->Posted++;
    if (ring->Buffer != NULL) {
        ExFreePoolWithTag(ring->Buffer, NL_TAG);   // todo-ok: DoubleExFreePool -- cleared above
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
NlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNL_EXTENSION ext = DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    for (i = 0; i < NL_QUEUES; i++) {
        ext->Rings[i].Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 4096, NL_TAG);
        if (ext->Rings[i].Buffer == NULL) {
            return SP_RETURN_ERROR;
        }
    }
    ext->RingCount = NL_QUEUES;
    return SP_RETURN_FOUND;
}

BOOLEAN
NlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NL_EXTENSION);
    init.HwFindAdapter = NlFindAdapter;
    init.HwInitialize = NlInitialize;
    init.HwStartIo = NlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
