/* A stand-in for bcryptprimitives.dll, for running cooptrack.exe under
 * Debian's Wine 8, which lacks it (Rust's standard library gets its random
 * numbers from ProcessPrng there since Rust 1.78). Built and used only by
 * scripts/dist-wine; never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
