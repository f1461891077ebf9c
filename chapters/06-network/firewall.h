/* firewall: another program's firewall that would drop the containers' traffic. */
#ifndef KOBAKO_FIREWALL_H
#define KOBAKO_FIREWALL_H

/* Warns (warnx, not fatal) when another program's forward chain drops by
 * policy, with the exact commands that let BRIDGE's traffic through
 * (Docker/ufw/firewalld/iptables/nft), and br_netfilter. */
void firewall_check(const char *bridge);

#endif
