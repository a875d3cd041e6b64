/*
 * Structured exception handling: registrations inside __try, __except and __finally
 * blocks, __leave, exception filters calling GetExceptionCode(). Every function after
 * the handlers must still be found at its own line.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _SE_EXT {
    PVOID Timer;
    ULONG Faults;
    ULONG Armed;
    CHAR Model[16];
} SE_EXT, *PSE_EXT;

static LONG
SeFilter(ULONG Code, PSE_EXT Ext)
{
    Ext->Faults++;
    return Code == STATUS_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER
                                           : EXCEPTION_CONTINUE_SEARCH;
}

VOID
SeWatchdog(PVOID DeviceExtension)  // expect-entry: HW_TIMER by=registration
{
    PSE_EXT ext = (PSE_EXT)DeviceExtension;

    ext->Armed = 0;
}

VOID
SeRetryTimer(PVOID DeviceExtension, PVOID Context)  // expect-entry: HW_TIMER by=registration
{
    UNREFERENCED_PARAMETER(Context);
    ((PSE_EXT)DeviceExtension)->Faults = 0;
}

BOOLEAN
SePassive(PVOID DeviceExtension)  // expect-entry: HW_PASSIVE_INITIALIZE_ROUTINE by=registration
{
    PSE_EXT ext = (PSE_EXT)DeviceExtension;
    BOOLEAN ok = FALSE;

    __try {
        if (StorPortInitializeTimer(ext, &ext->Timer) != STOR_STATUS_SUCCESS) {
            __leave;
        }
        StorPortRequestTimer(ext, ext->Timer, SeRetryTimer, NULL, 1000000, 0);
        ok = TRUE;
    } __finally {
        if (!ok) {
            ext->Timer = NULL;
        }
    }
    return ok;
}

ULONG
SeFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PSE_EXT ext = (PSE_EXT)DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x1000;
    ConfigInfo->NumberOfPhysicalBreaks = 2;
    __try {
        for (i = 0; ArgumentString != NULL && ArgumentString[i] != '\0' && i < 15; i++) {
            ext->Model[i] = ArgumentString[i];
        }
    } __except (SeFilter(GetExceptionCode(), ext)) {
        return SP_RETURN_BAD_CONFIG;
    }
    return SP_RETURN_FOUND;
}

BOOLEAN
SeInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PSE_EXT ext = (PSE_EXT)DeviceExtension;

    __try {
        ext->Armed = 1;
    } __finally {
        StorPortNotification(RequestTimerCall, ext, SeWatchdog, 5000000);
    }
    __try {
        __try {
            if (ext->Faults != 0) {
                __leave;
            }
            StorPortEnablePassiveInitialization(ext, SePassive);
        } __finally {
            ext->Faults = 0;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return FALSE;
    }
    return TRUE;
}

BOOLEAN
SeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    __try {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(SE_EXT);
    init.HwFindAdapter = SeFindAdapter;
    init.HwInitialize = SeInitialize;
    init.HwStartIo = SeStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
