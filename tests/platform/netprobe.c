/* netprobe.c -- NOT part of Innermost.  A negative control for
 * check_no_network.sh: this object calls socket() and connect(), and the test
 * test_no_network_control checks that the script notices.  Never linked into
 * anything; never run. */
#define _POSIX_C_SOURCE 200809L
#include <sys/socket.h>

int im_netprobe_(const struct sockaddr *addr, socklen_t len);
int im_netprobe_(const struct sockaddr *addr, socklen_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    return fd < 0 ? -1 : connect(fd, addr, len);
}
