// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=not_applicable
// expect-kind: physical
/*
 * The driver has no passive initialization at all: not applicable.
 */
#include "../_skel_begin.h"
#include "../_skel_end.h"
