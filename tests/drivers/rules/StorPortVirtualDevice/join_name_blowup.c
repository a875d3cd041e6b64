// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * Miss by crash (fixed in a33ce0a, kept as a regression test): a physical miniport sets
 * ConfigInfo->VirtualDevice = TRUE after computing a checksum over identification
 * registers in straight-line code, one if/else per register. At each join the old engine
 * (910205b and before) named the merged value "<left> or <right>", nesting the names of
 * both incoming values, so the name doubled at every diamond: 28 diamonds make a 2^28-
 * character string and the rule ends in `error` (MemoryError) -- or the kernel OOM killer,
 * without an address-space cap -- instead of reporting the defect.
 * On 910205b run it only under a cap: prlimit --as=1500000000 python -m ddiverify check ...
 */

#include <storport.h>

typedef struct _RP_REGS {
    ULONG Id[32];
} RP_REGS, *PRP_REGS;

typedef struct _RP_EXT {
    ULONG Signature;
} RP_EXT, *PRP_EXT;

static ULONG
RpSignature(PRP_REGS Regs)
{
    ULONG sum = 0;

    if (Regs->Id[0] & 1) { sum = sum * 3 + 0; } else { sum = sum + 7; }
    if (Regs->Id[1] & 1) { sum = sum * 3 + 1; } else { sum = sum + 7; }
    if (Regs->Id[2] & 1) { sum = sum * 3 + 2; } else { sum = sum + 7; }
    if (Regs->Id[3] & 1) { sum = sum * 3 + 3; } else { sum = sum + 7; }
    if (Regs->Id[4] & 1) { sum = sum * 3 + 4; } else { sum = sum + 7; }
    if (Regs->Id[5] & 1) { sum = sum * 3 + 5; } else { sum = sum + 7; }
    if (Regs->Id[6] & 1) { sum = sum * 3 + 6; } else { sum = sum + 7; }
    if (Regs->Id[7] & 1) { sum = sum * 3 + 7; } else { sum = sum + 7; }
    if (Regs->Id[8] & 1) { sum = sum * 3 + 8; } else { sum = sum + 7; }
    if (Regs->Id[9] & 1) { sum = sum * 3 + 9; } else { sum = sum + 7; }
    if (Regs->Id[10] & 1) { sum = sum * 3 + 10; } else { sum = sum + 7; }
    if (Regs->Id[11] & 1) { sum = sum * 3 + 11; } else { sum = sum + 7; }
    if (Regs->Id[12] & 1) { sum = sum * 3 + 12; } else { sum = sum + 7; }
    if (Regs->Id[13] & 1) { sum = sum * 3 + 13; } else { sum = sum + 7; }
    if (Regs->Id[14] & 1) { sum = sum * 3 + 14; } else { sum = sum + 7; }
    if (Regs->Id[15] & 1) { sum = sum * 3 + 15; } else { sum = sum + 7; }
    if (Regs->Id[16] & 1) { sum = sum * 3 + 16; } else { sum = sum + 7; }
    if (Regs->Id[17] & 1) { sum = sum * 3 + 17; } else { sum = sum + 7; }
    if (Regs->Id[18] & 1) { sum = sum * 3 + 18; } else { sum = sum + 7; }
    if (Regs->Id[19] & 1) { sum = sum * 3 + 19; } else { sum = sum + 7; }
    if (Regs->Id[20] & 1) { sum = sum * 3 + 20; } else { sum = sum + 7; }
    if (Regs->Id[21] & 1) { sum = sum * 3 + 21; } else { sum = sum + 7; }
    if (Regs->Id[22] & 1) { sum = sum * 3 + 22; } else { sum = sum + 7; }
    if (Regs->Id[23] & 1) { sum = sum * 3 + 23; } else { sum = sum + 7; }
    if (Regs->Id[24] & 1) { sum = sum * 3 + 24; } else { sum = sum + 7; }
    if (Regs->Id[25] & 1) { sum = sum * 3 + 25; } else { sum = sum + 7; }
    if (Regs->Id[26] & 1) { sum = sum * 3 + 26; } else { sum = sum + 7; }
    if (Regs->Id[27] & 1) { sum = sum * 3 + 27; } else { sum = sum + 7; }
    return sum;
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRP_EXT ext = DeviceExtension;

    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Signature = RpSignature((PRP_REGS)HwContext);
    ConfigInfo->VirtualDevice = TRUE;
    return SP_RETURN_FOUND;                     // expect: StorPortVirtualDevice
}

BOOLEAN RpInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RP_EXT);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
