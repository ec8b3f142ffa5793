# Entry points; each is a script in scripts/ that installs what it needs first.
.PHONY: run test bench bench-mail bench-suggest fuzz format build-release manpages deb install install-files activate uninstall

run:     ## Build, check the shipped example configuration and run convened on it in ./run
	scripts/run-example

test:    ## The whole test suite (what CI runs)
	scripts/test

bench:   ## Benchmarks, printed as numbers
	scripts/bench

bench-mail: ## The hand-off benchmark alone (Postfix's sendmail beside the spool's rate)
	$(SWIFT) build -c release --product convene-bench >/dev/null && Benchmarks/handoff-bench.sh $$($(SWIFT) build -c release --show-bin-path)

bench-suggest: ## The slot-suggestion benchmark alone (convenectl suggest beside one schedule)
	$(SWIFT) build -c release --product convenectl >/dev/null && python3 Benchmarks/suggest_bench.py --convenectl .build/release/convenectl

format:  ## Rewrite the sources as .swift-format says (scripts/test checks it)
	PATH=/opt/swift/usr/bin:$$PATH swift-format format --in-place --recursive Sources Tests Fuzz/Sources Package.swift

FUZZ_SECONDS ?= 60
fuzz:    ## The libFuzzer targets in Fuzz/, FUZZ_SECONDS each (crash inputs in .build/fuzz-artifacts)
	scripts/fuzz --seconds $(FUZZ_SECONDS)

# Installation. `make install` builds and installs under PREFIX, and on this host
# (no DESTDIR) also creates the user and spool and loads the units. Packagers stage
# with `make install DESTDIR=…` and do the activation steps in their own scripts.
# `install-files` copies already built binaries from BUILT and never builds.
PREFIX         ?= /usr/local
BINDIR         ?= $(PREFIX)/bin
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR    ?= $(PREFIX)/lib/tmpfiles.d
CATALOGDIR     ?= $(PREFIX)/lib/systemd/catalog
DOCDIR         ?= $(PREFIX)/share/doc/convene
MANDIR         ?= $(PREFIX)/share/man
COMPLETIONDIR  ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPLETIONDIR ?= $(PREFIX)/share/zsh/vendor-completions
MANPAGES       ?= .build/man
SYSCONFDIR     ?= /etc
BUILT          ?= .build/release
SWIFT          ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)

# The shipped files name /usr/local (the default PREFIX); these put the real paths in.
REWRITE_EXEC = sed -e 's|^ExecStart=/usr/local/bin/|ExecStart=$(BINDIR)/|' -e 's|^ExecReload=/usr/local/bin/|ExecReload=$(BINDIR)/|'
REWRITE_DOCS = sed 's|file:///usr/local/share/doc/convene/|file://$(DOCDIR)/|'

build-release:  ## Build convened and convenectl in release mode
	$(SWIFT) build -c release --product convened
	$(SWIFT) build -c release --product convenectl

manpages:  ## convened.1 and convenectl.1, from their --help (swift-argument-parser's plugin)
	mkdir -p $(MANPAGES)
	$(SWIFT) package --allow-writing-to-directory $(MANPAGES) generate-manual --output-directory $(MANPAGES)
	@# A blank line in mdoc is not a paragraph break (man --warnings complains); .Pp is.
	sed -i 's/^$$/.Pp/' $(MANPAGES)/*.1

DEB_VERSION ?=
deb:  ## The Debian package, in .build/deb (DEB_VERSION=0.1.0-2 to choose its version)
	scripts/make-deb $(if $(DEB_VERSION),--version $(DEB_VERSION))

install: build-release manpages install-files  ## Build, install under PREFIX and (without DESTDIR) activate
	@if [ -z "$(DESTDIR)" ]; then $(MAKE) --no-print-directory activate; \
	else echo "staged in $(DESTDIR); on the target run systemd-sysusers, systemd-tmpfiles --create, journalctl --update-catalog and systemctl daemon-reload"; fi

install-files:  ## Install the binaries in BUILT, the units, sysusers, tmpfiles, catalog, docs and example config
	@for program in convened convenectl; do \
	    [ -x "$(BUILT)/$$program" ] || { echo "error: $(BUILT)/$$program is missing; run make build-release or set BUILT" >&2; exit 1; }; \
	done
	install -D -m 0755 $(BUILT)/convened   $(DESTDIR)$(BINDIR)/convened
	install -D -m 0755 $(BUILT)/convenectl $(DESTDIR)$(BINDIR)/convenectl
	install -d -m 0755 $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(CATALOGDIR)
	$(REWRITE_EXEC) systemd/convened.service > $(DESTDIR)$(SYSTEMDUNITDIR)/convened.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/convened.service
	install -m 0644 systemd/convened.socket $(DESTDIR)$(SYSTEMDUNITDIR)/convened.socket
	$(REWRITE_DOCS) systemd/convened.catalog > $(DESTDIR)$(CATALOGDIR)/convened.catalog
	chmod 0644 $(DESTDIR)$(CATALOGDIR)/convened.catalog
	install -D -m 0644 systemd/convened.sysusers $(DESTDIR)$(SYSUSERSDIR)/convened.conf
	install -D -m 0644 systemd/convened.tmpfiles $(DESTDIR)$(TMPFILESDIR)/convened.conf
	@# Manual pages (make manpages) and shell completions, when they can be made.
	@for page in $(MANPAGES)/*.1; do [ -f "$$page" ] && install -D -m 0644 "$$page" $(DESTDIR)$(MANDIR)/man1/$$(basename "$$page") || true; done
	@# Completions are sourced, not run: no #! line. Written straight into place (two
	@# stagings at once share no file).
	@if bash=$$($(BUILT)/convenectl --generate-completion-script bash 2>/dev/null) && [ -n "$$bash" ]; then \
	    install -d -m 0755 $(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(ZSHCOMPLETIONDIR) && \
	    printf '%s\n' "$$bash" | sed '1{/^#!/d}' > $(DESTDIR)$(COMPLETIONDIR)/convenectl && \
	    $(BUILT)/convenectl --generate-completion-script zsh > $(DESTDIR)$(ZSHCOMPLETIONDIR)/_convenectl && \
	    chmod 0644 $(DESTDIR)$(COMPLETIONDIR)/convenectl $(DESTDIR)$(ZSHCOMPLETIONDIR)/_convenectl; fi
	install -D -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -D -m 0644 docs/configuration.md $(DESTDIR)$(DOCDIR)/configuration.md
	@# The configuration names people (forum contacts), so it is not world-readable:
	@# root-owned, readable by group convene (the daemon and the participation team).
	@# An installed configuration is the admin's and is never overwritten.
	@config=$(DESTDIR)$(SYSCONFDIR)/convened; \
	if [ -e "$$config/convened.toml" ]; then \
	    echo "$$config/convened.toml exists; leaving the configuration in $$config as it is"; \
	else \
	    echo "installing the example configuration in $$config"; \
	    install -d -m 0750 "$$config" && \
	    (cd config && find . -type d) | while read -r dir; do install -d -m 0750 "$$config/$$dir" || exit 1; done && \
	    (cd config && find . -type f) | while read -r file; do install -m 0640 "config/$$file" "$$config/$$file" || exit 1; done; \
	fi

activate:  ## On this host: make the user and spool, give /etc/convened to group convene, load units and catalog
	systemd-sysusers $(SYSUSERSDIR)/convened.conf
	systemd-tmpfiles --create $(TMPFILESDIR)/convened.conf
	chgrp -R convene $(SYSCONFDIR)/convened
	journalctl --update-catalog
	@if [ -d /run/systemd/system ]; then systemctl daemon-reload; \
	echo "start it with: systemctl enable --now convened.socket convened.service"; fi

uninstall:  ## Remove what install-files installed, except the configuration, state and spool
	rm -f $(DESTDIR)$(BINDIR)/convened $(DESTDIR)$(BINDIR)/convenectl
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/convened.service $(DESTDIR)$(SYSTEMDUNITDIR)/convened.socket
	rm -f $(DESTDIR)$(CATALOGDIR)/convened.catalog
	rm -f $(DESTDIR)$(MANDIR)/man1/convened.1 $(DESTDIR)$(MANDIR)/man1/convenectl.1
	rm -f $(DESTDIR)$(COMPLETIONDIR)/convenectl $(DESTDIR)$(ZSHCOMPLETIONDIR)/_convenectl
	rm -f $(DESTDIR)$(SYSUSERSDIR)/convened.conf $(DESTDIR)$(TMPFILESDIR)/convened.conf
	rm -rf $(DESTDIR)$(DOCDIR)
	@echo "kept $(DESTDIR)$(SYSCONFDIR)/convened, /var/lib/convened and /var/spool/convened (configuration, ledger, spool)"
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; journalctl --update-catalog; fi
