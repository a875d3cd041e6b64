// A physical NVMe-like miniport in C++: the device extension is a class; Storport
// callbacks are static member functions registered from instance methods, sometimes
// unqualified; free functions are named like the HW_INITIALIZATION_DATA fields.
#pragma once
#include <storport.h>

class CQueue {
public:
    static HW_DPC_ROUTINE CompletionDpc;
    NTSTATUS Setup(PVOID devext);
private:
    STOR_DPC dpc_ = {};
    ULONG depth_ = 0;
};

class CDevice {
public:
    static HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE MsixIsr;
    static HW_WORKITEM RestartWorker;
    NTSTATUS Configure(PPORT_CONFIGURATION_INFORMATION info);
    bool Restart();
    CQueue queue_;
private:
    PVOID worker_ = nullptr;
    ULONG restarts_ = 0;
};

HW_FIND_ADAPTER HwFindAdapter;
HW_INITIALIZE HwInitialize;
HW_STARTIO HwStartIo;
HW_UNIT_CONTROL HwUnitControl;
