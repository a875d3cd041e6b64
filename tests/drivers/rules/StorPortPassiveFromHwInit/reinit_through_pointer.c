// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=defect
// expect-kind: physical
/*
 * AdapterControl calls HwStorInitialize through a function pointer FindAdapter stored
 * in the device extension.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_HAS_ADAPTER_CONTROL

#define SKEL_OWN_FIND_ADAPTER

typedef BOOLEAN (*SKEL_INIT_FN)(PVOID);

typedef struct _PFI_EXT {
    SKEL_EXT Base;
    SKEL_INIT_FN Reinit;
} PFI_EXT, *PPFI_EXT;

VOID
SkelPassive(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Flags |= 0x100;
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);  // expect: StorPortPassiveFromHwInit
    return TRUE;
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PPFI_EXT ext = (PPFI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Reinit = SkelInitialize;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PPFI_EXT ext = (PPFI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        ext->Reinit(ext);
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
