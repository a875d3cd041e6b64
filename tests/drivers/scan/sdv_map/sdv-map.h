/* The entry points of this driver, in Static Driver Verifier's own format. SDV takes
   this list as complete: anything not listed here is not an entry point. */
#define fun_DriverEntry DriverEntry
#define fun_HW_FIND_ADAPTER SmFindAdapter
#define fun_HW_INITIALIZE SmInitialize
#define fun_HW_STARTIO SmStartIo
#define fun_HW_INTERRUPT SmInterrupt
