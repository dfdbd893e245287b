{
  description = "goarrow: Go and Python on the same Arrow memory, built with Bazel";

  # Only nixpkgs: Go, Python, Bazel and a C compiler come from it. Python packages do not: the
  # Bazel repository rule installs python/requirements_lock.txt (hash-pinned) into a venv made
  # from this Python, so the pins under Nix are the pins everywhere else.
  # flake.lock pins it to one nixos-25.05 revision (rev and narHash).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      devShells = forAllSystems (pkgs:
        let
          # Any Go >= 1.21 can run the pinned release: GOTOOLCHAIN below makes this shell's `go`
          # the same release Bazel builds with (go/go.mod's toolchain line; .ci/run checks they
          # agree), fetched and checksum-verified through the Go module proxy.
          go = pkgs.go;
          goToolchain = "go1.26.8";
          python = pkgs.python311;
          bazel = pkgs.bazel_7;
        in
        {
          default = pkgs.mkShell {
            packages = [ go python bazel pkgs.gcc pkgs.git pkgs.bash pkgs.coreutils ];

            # manylinux wheels (pyarrow, numpy) expect these from the system.
            LD_LIBRARY_PATH = pkgs.lib.makeLibraryPath [ pkgs.stdenv.cc.cc.lib pkgs.zlib ];

            # The repository rules prefer these over whatever else is on PATH.
            GOARROW_GO = "${go}/bin/go";
            GOTOOLCHAIN = goToolchain;
            GOARROW_PYTHON = "${python}/bin/python3.11";

            shellHook = ''
              # Write .bazelrc.generated for this Bazel, so plain `bazel` works in this shell.
              GOARROW_WRITE_RC_ONLY=1 ./tools/bazel
            '';
          };
        });

      formatter = forAllSystems (pkgs: pkgs.nixpkgs-fmt);
    };
}
