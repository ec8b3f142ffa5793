/// The release, shown by `--version` and in the daemon's status.
public enum ConveneVersion {
    public static let string = "0.1.0"
}
