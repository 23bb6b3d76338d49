/// The version of Byline, as sent in the `User-Agent` of every pull.
///
/// Feed publishers see this string in their logs (`Byline/0.1.0 (+<homepage>)`), so that a
/// misbehaving client can be identified and its operators reached.
public enum BylineVersion {
    /// The semantic version of this build, e.g. `"0.1.0"`.
    public static let string = "0.1.0"

    /// The project page named in the `User-Agent`, where a publisher can learn who is pulling.
    public static let homepage = "https://github.com/byline-news/byline"
}
