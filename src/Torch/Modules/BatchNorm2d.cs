namespace LossBench.Torch.Modules;

/// <summary>Batch normalisation over the channels of [N, C, H, W], with running statistics.</summary>
public sealed class BatchNorm2d : Module<Tensor, Tensor>
{
    private readonly double _eps, _momentum;

    public BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true) : base(nameof(BatchNorm2d))
    {
        (_eps, _momentum) = (eps, momentum);
        if (affine)
        {
            weight = register_parameter("weight", torch.ones([num_features]));
            bias = register_parameter("bias", torch.zeros([num_features]));
        }
        running_mean = register_buffer("running_mean", torch.zeros([num_features]));
        running_var = register_buffer("running_var", torch.ones([num_features]));
        num_batches_tracked = register_buffer("num_batches_tracked", torch.zeros([], ScalarType.Int64));
    }

    public Tensor? weight { get; }
    public Tensor? bias { get; }
    public Tensor running_mean { get; }
    public Tensor running_var { get; }
    public Tensor num_batches_tracked { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4) throw new ArgumentException($"BatchNorm2d expects [N, C, H, W] input, got {input.dim()} dimensions");
        if (training)
            using (torch.no_grad()) num_batches_tracked.add_(1);
        return torch.nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, _momentum, _eps);
    }
}
