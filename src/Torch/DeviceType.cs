namespace LossBench.Torch;

/// <summary>Device kinds, with libtorch's codes (c10::DeviceType).</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}
