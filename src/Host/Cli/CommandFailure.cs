using System.Reflection;
using LossBench.Host.Config;
using LossBench.Host.Options;
using LossBench.Host.Plugins;

namespace LossBench.Host.Cli;

/// <summary>
/// The one place where an exception that ends a command becomes an exit code and a message
/// (<see cref="CliApp"/> wraps every command in it): bad input is 2 with the message as it is,
/// an environment problem 3 with what the file system said, Ctrl+C 130, and anything else 70, an
/// internal error: one line on screen and the stack trace in a log file (<see cref="InternalErrorLog"/>).
/// </summary>
public static class CommandFailure
{
    // errno values (Linux) with which the file system refuses a read or write; .NET puts the errno
    // in IOException.HResult on Unix. Windows' disk-full codes are there for completeness.
    private const int EPERM = 1, EIO = 5, EACCES = 13, EBUSY = 16, EXDEV = 18, ENOTDIR = 20, EISDIR = 21, ENFILE = 23, EMFILE = 24,
        ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, EROFS = 30, ENAMETOOLONG = 36, EDQUOT = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070), WindowsHandleDiskFull = unchecked((int)0x80070027);

    private static readonly HashSet<int> FileSystemRefusals =
        [EPERM, EIO, EACCES, EBUSY, EXDEV, ENOTDIR, EISDIR, ENFILE, EMFILE, ETXTBSY, EFBIG, ENOSPC, EROFS, ENAMETOOLONG, EDQUOT, WindowsDiskFull, WindowsHandleDiskFull];

    /// <summary>The exit code for <paramref name="exception"/> (see <see cref="ExitCodes"/>).</summary>
    public static int ExitCodeOf(Exception exception) => Unwrap(exception) switch
    {
        OperationCanceledException => ExitCodes.Interrupted,
        ConfigException or OptionsBindingException or PluginResolutionException or InvalidDataException
            or FileNotFoundException or DirectoryNotFoundException or EndOfStreamException => ExitCodes.BadInput,
        // Our own code throws ArgumentException for a bad option value; a null or an index out of range is a bug.
        ArgumentException e when e is not ArgumentNullException and not ArgumentOutOfRangeException => ExitCodes.BadInput,
        var e when IsEnvironment(e) => ExitCodes.Environment,
        _ => ExitCodes.Internal,
    };

    /// <summary>Whether the environment refused: a file or folder cannot be written or read (permissions, read-only, disk full, path too long), memory ran out, libtorch is missing, the CPU cannot run portable mode.</summary>
    public static bool IsEnvironment(Exception exception) => Unwrap(exception) switch
    {
        UnauthorizedAccessException or PathTooLongException or DllNotFoundException or EntryPointNotFoundException
            or OutOfMemoryException or PlatformNotSupportedException => true,
        IOException e => FileSystemRefusals.Contains(e.HResult),
        _ => false,
    };

    /// <summary>Writes what went wrong to <paramref name="error"/> and returns the exit code.</summary>
    /// <param name="resultsDirectory">The command's results folder when it knows one: an internal error's log goes there.</param>
    /// <param name="arguments">The command line, for the log.</param>
    public static int Report(Exception exception, string? resultsDirectory, string? temporaryDirectory, IReadOnlyList<string> arguments, TextWriter error)
    {
        var cause = Unwrap(exception);
        var code = ExitCodeOf(exception);
        switch (code)
        {
            case ExitCodes.Interrupted:
                error.WriteLine("stopped: interrupted");
                break;
            case ExitCodes.BadInput:
                error.WriteLine($"error: {cause.Message}");
                break;
            case ExitCodes.Environment:
                error.WriteLine($"error: {cause.Message} ({Reason(cause)})");
                break;
            default:
                var log = InternalErrorLog.Write(exception, arguments, resultsDirectory, temporaryDirectory);
                error.WriteLine($"internal error: {cause.GetType().FullName}: {OneLine(cause.Message)}; " +
                                (log.Path is not null ? $"details in {log.Path}" : $"the log could not be written ({log.Problem}); details:"));
                if (log.Path is null) error.WriteLine(exception.ToString());
                break;
        }
        return code;
    }

    /// <summary>The exception that says what happened: reflection, type initializers and single-task aggregates wrap it.</summary>
    public static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                case TypeInitializationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                    exception = aggregate.InnerExceptions[0];
                    continue;
                default:
                    return exception;
            }
        }
    }

    /// <summary>What the environment refused, in words (the exception's own message names the path).</summary>
    private static string Reason(Exception exception) => exception switch
    {
        DllNotFoundException or EntryPointNotFoundException => "libtorch could not be loaded; `lossbench doctor` shows what is missing",
        OutOfMemoryException => "out of memory",
        PathTooLongException => "a path is longer than the file system allows",
        UnauthorizedAccessException => "permission denied: the folder is read-only or belongs to another user",
        IOException { HResult: ENOSPC or EDQUOT or WindowsDiskFull or WindowsHandleDiskFull } => "the disk is full",
        IOException { HResult: EROFS } => "the file system is read-only",
        IOException { HResult: EACCES or EPERM } => "permission denied",
        IOException { HResult: ENAMETOOLONG } => "a path is longer than the file system allows",
        _ => "the file system refused",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
