/* AppArmor: the command confined to a profile the administrator loaded. */
#ifndef KOBAKO_APPARMOR_H
#define KOBAKO_APPARMOR_H

/* Option parser (struct opt) for --apparmor PROFILE, into const char *:
 * NULL for unconfined, the default. Docker spells it
 * --security-opt apparmor=PROFILE. */
struct opt;
void parse_apparmor(const struct opt *o, const char *value);

/* Before anything is made: dies (125, one line naming --apparmor) unless
 * AppArmor is on in this kernel and profile is loaded. NULL: nothing. */
void apparmor_check(const char *profile);

/* Asks the kernel to run the next program this process, or a child forked
 * after, execs under profile (/proc/self/attr/apparmor/exec). The process
 * itself stays as it is. NULL: nothing. */
void apparmor_exec_under(const char *profile);

#endif
