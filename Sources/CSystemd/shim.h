#ifndef CONVENE_CSYSTEMD_SHIM_H
#define CONVENE_CSYSTEMD_SHIM_H
// The parts of libsystemd Convene uses. Variadic functions (sd_journal_send,
// sd_notifyf) cannot be called from Swift; their array forms are used instead.
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
#include <sys/timerfd.h>
#include <sys/inotify.h>
#include <poll.h>
#endif
