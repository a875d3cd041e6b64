/*
 * Shared by pass_init_polls_command_table.c and init_polls_command_table_admin_frees.c: a
 * physical miniport with a command table whose slots hold the routine to run when the
 * device reports the slot done. HwStorInitialize polls for the admin command's completion
 * (CT_INIT_STORES_IO_DONE: after storing the I/O routine in a slot too). The including
 * driver defines CtIoDone, StartIo's routine, which frees pool.
 */
#include <storport.h>

struct _Ct_EXT;
typedef VOID CT_DONE(struct _Ct_EXT *Ext, PVOID Context);

typedef struct _Ct_CMD {
    CT_DONE *Done;
    PVOID Context;
} Ct_CMD;

typedef struct _Ct_EXT {
    PULONG Doorbell;
    PVOID Buffer;
    ULONG AdminState;
    Ct_CMD Table[16];
    STOR_DPC Dpc;
} Ct_EXT, *PCt_EXT;

static VOID
CtAdminDone(PCt_EXT Ext, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    Ext->AdminState = 1;
}

HW_DPC_ROUTINE CtDpc;
static CT_DONE CtIoDone;

static BOOLEAN
CtProcessCompletions(PCt_EXT Ext)
{
    ULONG slot = StorPortReadRegisterUlong(Ext, Ext->Doorbell) & 15;
    Ct_CMD *cmd = &Ext->Table[slot];

    if (cmd->Done == NULL) {
        return FALSE;
    }
    cmd->Done(Ext, cmd->Context);
    cmd->Done = NULL;
    return TRUE;
}

ULONG
CtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCt_EXT ext = (PCt_EXT)DeviceExtension;

    StorPortAllocatePool(ext, 4096, 'tCxE', &ext->Buffer);
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CtInitialize(PVOID DeviceExtension)
{
    PCt_EXT ext = (PCt_EXT)DeviceExtension;
    ULONG tries;

    StorPortInitializeDpc(ext, &ext->Dpc, CtDpc);
    ext->Table[0].Done = CtAdminDone;
    ext->Table[0].Context = NULL;
#ifdef CT_INIT_STORES_IO_DONE
    ext->Table[1].Done = CtIoDone;
    ext->Table[1].Context = NULL;
#endif
    StorPortWriteRegisterUlong(ext, ext->Doorbell, 0);
    for (tries = 0; tries < 100; tries++) {
        if (CtProcessCompletions(ext)) {
            break;
        }
        StorPortStallExecution(10);
    }
    return ext->AdminState == 1;
}

VOID
CtDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    CtProcessCompletions((PCt_EXT)DeviceExtension);
}

BOOLEAN
CtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PCt_EXT ext = (PCt_EXT)DeviceExtension;
    ULONG slot = 1 + (Srb->QueueTag & 7);

    ext->Table[slot].Done = CtIoDone;
    ext->Table[slot].Context = Srb;
    StorPortWriteRegisterUlong(ext, ext->Doorbell, slot);
    return TRUE;
}

BOOLEAN
CtInterrupt(PVOID DeviceExtension)
{
    PCt_EXT ext = (PCt_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(Ct_EXT);
    init.HwFindAdapter = CtFindAdapter;
    init.HwInitialize = CtInitialize;
    init.HwStartIo = CtStartIo;
    init.HwInterrupt = CtInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
