namespace Publisher.Torrent.Trackers;

/// <summary>Why an announce or scrape gave no usable answer; <see cref="None"/> on success.</summary>
public enum TrackerFailure
{
    /// <summary>The tracker answered.</summary>
    None = 0,

    /// <summary>The tracker answered with a <c>failure reason</c> (HTTP) or an error packet (UDP).</summary>
    Rejected,

    /// <summary>The tracker could not be reached (DNS, connection refused, TLS, HTTP status other than 200).</summary>
    Unreachable,

    /// <summary>No answer arrived within the timeout (HTTP) or after the last retransmission (UDP).</summary>
    Timeout,

    /// <summary>The answer was not a valid tracker response.</summary>
    InvalidResponse,

    /// <summary>The answer was larger than <see cref="ProtocolLimits.MaxTrackerResponseBytes"/>.</summary>
    ResponseTooLarge,

    /// <summary>The tracker has no scrape convention (BEP 48: its path does not end in <c>/announce</c>).</summary>
    NotScrapable,

    /// <summary>No tracker may be announced to yet: the working one's min interval or every tracker's failure back-off.</summary>
    NotDue,

    /// <summary>The tracker URL's scheme is not http, https or udp.</summary>
    UnsupportedScheme,
}
