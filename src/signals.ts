/** The shell's convention for a process ended by a signal: 128 + its number. */
export const EXIT_ON_SIGNAL: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };
