/*
 * Shared by the solution's drivers, found through $(SolutionDir)shared: the folder of
 * the .sln, not one the project's own folder would give.
 */
#include <storport.h>

#define SOL_TAG 'loSD'
#define SOL_REGISTER_STARTIO(init, routine) ((init).HwStartIo = (routine))
