// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=not_applicable
// expect-kind: physical
/*
 * No listed routine is reachable: the skeleton's Storport calls only.
 */
#include "../_skel_begin.h"
#include "../_skel_end.h"
