namespace LossBench.Torch.Modules;

/// <summary>2-D convolution over [N, C, H, W], initialised as PyTorch does.</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    private readonly long _stride, _padding, _dilation, _groups;

    public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool hasBias = true, Generator? generator = null) : base(nameof(Conv2d))
    {
        (_stride, _padding, _dilation, _groups) = (stride, padding, dilation, groups);
        weight = register_parameter("weight", torch.empty([out_channels, in_channels / groups, kernel_size, kernel_size]));
        torch.nn.init.kaiming_uniform_(weight, Math.Sqrt(5), generator: generator);
        if (hasBias)
        {
            var (fanIn, _) = torch.nn.init.calculate_fan_in_and_fan_out(weight);
            var bound = 1 / Math.Sqrt(fanIn);
            bias = register_parameter("bias", torch.empty([out_channels]));
            torch.nn.init.uniform_(bias, -bound, bound, generator);
        }
    }

    public Tensor weight { get; }
    public Tensor? bias { get; }

    public override Tensor forward(Tensor input) =>
        torch.nn.functional.conv2d(input, weight, bias, _stride, _padding, _dilation, _groups);
}
