// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=not_applicable
// expect-kind: physical
/*
 * No routine of the rule's list is called anywhere.
 */
#include "../_skel_begin.h"
#include "../_skel_end.h"
