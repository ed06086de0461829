namespace LossBench.Host.Data;

/// <summary>
/// A data set could not be made ready: every address failed, a checksum did not match, an archive was
/// unsafe or incomplete, or the folder is in the way. The message names the data set, the file and
/// what was expected; nothing half-done is left under the data set's final name.
/// </summary>
public sealed class DataSetException(string message, Exception? inner = null) : Exception(message, inner);
