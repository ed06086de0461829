using LossBench.Torch.Native;
using System.Runtime.InteropServices;

namespace LossBench.Torch;

/// <summary>An error reported by libtorch (shape mismatch, wrong dtype, ...), with its message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }

    /// <summary>Builds the exception from the calling thread's last native error.</summary>
    internal static TorchException FromLastError(string operation)
    {
        var message = Marshal.PtrToStringUTF8(LibTorch.lb_last_error());
        return new TorchException(string.IsNullOrWhiteSpace(message)
            ? $"{operation} failed in libtorch without a message"
            : $"{operation}: {message.Trim()}");
    }

    internal static void Check(int status, string operation)
    {
        if (status != 0) throw FromLastError(operation);
    }
}
